import { createStore, type StoreApi } from 'zustand/vanilla';
import { toWireError } from '@marie/editor-core';
import type { IIndexService, ReferenceInfo } from '@marie/protocol';

export interface ReferenceGroup {
  readonly path: string;
  readonly items: readonly ReferenceInfo[];
}

export interface ReferencesState {
  readonly name: string | undefined;
  readonly groups: readonly ReferenceGroup[];
  readonly total: number;
  readonly partial: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
}

/** Sorted by path, then by position: the order a reader scans a file in. */
export function groupByFile(references: readonly ReferenceInfo[]): ReferenceGroup[] {
  const byPath = new Map<string, ReferenceInfo[]>();
  const seen = new Set<string>();
  for (const r of references) {
    const key = `${r.path}\0${r.range.startLine}\0${r.range.startColumn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let list = byPath.get(r.path);
    if (!list) byPath.set(r.path, (list = []));
    list.push(r);
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, refs]) => ({ path, items: refs.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn) }));
}

/** Find all references (Shift+F12): the name's definitions and references, grouped by file. */
export class ReferencesModel {
  readonly store: StoreApi<ReferencesState> = createStore<ReferencesState>(() => ({ name: undefined, groups: [], total: 0, partial: false, loading: false, error: undefined }));
  private generation = 0;
  private inFlight: AbortController | undefined;

  constructor(private readonly index: Pick<IIndexService, 'references' | 'definitions'>) {}

  async find(name: string): Promise<void> {
    const generation = ++this.generation;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.store.setState({ name, groups: [], total: 0, partial: false, loading: true, error: undefined });
    try {
      // Declarations are listed too, as VS Code does: "where is it used" includes "where is it made".
      const [refs, defs] = await Promise.all([this.index.references({ name }, controller.signal), this.index.definitions({ name }, controller.signal)]);
      if (generation !== this.generation) return;
      const all = [...defs.results.map((d) => ({ name: d.name, kind: 'definition', path: d.path, range: d.range })), ...refs.results];
      const groups = groupByFile(all);
      this.store.setState({ groups, total: groups.reduce((n, g) => n + g.items.length, 0), partial: refs.partial || defs.partial, loading: false });
    } catch (e) {
      if (generation === this.generation) this.store.setState({ loading: false, error: toWireError(e).message });
    }
  }

  clear(): void {
    this.generation++;
    this.inFlight?.abort();
    this.store.setState({ name: undefined, groups: [], total: 0, partial: false, loading: false, error: undefined });
  }
}
