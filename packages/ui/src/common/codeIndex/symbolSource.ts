import type { IIndexService, SymbolInfo, TextRange, WorkspaceRoot } from '@marie/protocol';
import { fuzzyHighlight } from './fuzzyHighlight.js';
import { indexSource } from './indexSource.js';
import type { PickItem, PickSource } from './quickPick.js';
import { relativePath } from './relativePath.js';

export interface SymbolSourceDeps {
  index: Pick<IIndexService, 'findSymbols'>;
  roots(): readonly WorkspaceRoot[];
  openAt(path: string, range: TextRange): void;
}

/** Workspace symbols (Ctrl+T): name, kind, container and where it lives. */
export function symbolSource(deps: SymbolSourceDeps): PickSource {
  return indexSource({
    title: 'Go to Symbol in Workspace',
    placeholder: 'Search symbols by name',
    roots: deps.roots,
    // Every symbol of the workspace is no useful list: wait for a name.
    ask: (text, signal) => (text.trim() ? deps.index.findSymbols({ query: text, limit: 200 }, signal) : Promise.resolve({ results: [], partial: false })),
    row: (symbol, text, roots) => symbolItem(symbol, text, roots, deps.openAt),
  });
}

/**
 * Several definitions for one name (F12 when ambiguous): a fixed list, narrowed locally by
 * what is typed (matched against the path and the container too).
 */
export function candidateSource(name: string, candidates: readonly SymbolInfo[], deps: Omit<SymbolSourceDeps, 'index'>, partial: boolean): PickSource {
  return {
    title: `Definitions of ${name}`,
    placeholder: `${candidates.length} definitions of ${name}: type to narrow`,
    debounceMs: 0,
    query(text) {
      const roots = deps.roots();
      const needle = text.trim().toLowerCase();
      const kept = candidates.filter((s) => !needle || `${s.name} ${s.container ?? ''} ${relativePath(s.path, roots)}`.toLowerCase().includes(needle));
      return Promise.resolve({ items: kept.map((s) => symbolItem(s, text, roots, deps.openAt)), partial });
    },
  };
}

export function symbolItem(symbol: SymbolInfo, query: string, roots: readonly WorkspaceRoot[], openAt: SymbolSourceDeps['openAt']): PickItem {
  const where = `${relativePath(symbol.path, roots)}:${symbol.range.startLine + 1}`;
  return {
    id: `${symbol.path}:${symbol.range.startLine}:${symbol.range.startColumn}:${symbol.name}`,
    label: symbol.name,
    labelHighlights: fuzzyHighlight(query, symbol.name),
    kind: symbol.kind,
    description: symbol.container ? `${symbol.container} · ${where}` : where,
    run: () => openAt(symbol.path, symbol.range),
  };
}
