import type { SymbolInfo, TextMatch } from '@marie/protocol';
import { relative, sep } from 'node:path';

/**
 * What the index commands print: paths relative to the folder ('/'-separated), lines and
 * columns counted from 1 (the wire counts from 0, as editors do internally).
 */
export interface SymbolRow {
  name: string;
  kind: string;
  path: string;
  line: number;
  column: number;
  container: string | null;
}

export interface GrepRow {
  path: string;
  line: number;
  column: number;
  text: string;
}

export function relativeTo(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

export function symbolRow(root: string, s: SymbolInfo): SymbolRow {
  return { name: s.name, kind: s.kind, path: relativeTo(root, s.path), line: s.range.startLine + 1, column: s.range.startColumn + 1, container: s.container ?? null };
}

export function grepRow(root: string, m: TextMatch): GrepRow {
  return { path: relativeTo(root, m.path), line: m.line + 1, column: m.column + 1, text: m.preview.replace(/\r?\n$/u, '') };
}

export function symbolLine(s: SymbolRow): string {
  return `${s.path}:${s.line}:${s.column}  ${s.kind} ${s.container ? `${s.container}.` : ''}${s.name}\n`;
}

export function grepLine(g: GrepRow): string {
  return `${g.path}:${g.line}:${g.column}:${g.text}\n`;
}
