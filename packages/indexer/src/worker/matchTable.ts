/**
 * A tags query's matches over one file as one Int32Array, the form the native addon
 * (native/tags.c) answers in: no object per node or per capture. The binding's matches
 * (editor saves, which re-parse from a kept tree) are converted to it, so one extraction
 * serves both. Layout from `MATCHES_START`: per match [pattern, captureCount], then per
 * capture [captureId, startIndex, startRow, startColumn, endIndex, endRow, endColumn],
 * indexes and columns in UTF-16 units. A match whose pattern is -1 was rejected by a
 * predicate.
 */
import type Parser from 'tree-sitter';
import { endOf, startOf } from './nodePositions.js';

export const MATCHES_START = 2;
export const PER_CAPTURE = 7;
/** Offsets within a capture record. */
export const C = { id: 0, startIndex: 1, startRow: 2, startColumn: 3, endIndex: 4, endRow: 5, endColumn: 6 } as const;

export interface MatchTable {
  data: Int32Array;
  count: number;
}

/** The binding's matches in the table's layout; captures with no id are left out. */
export function tableOfMatches(matches: Parser.QueryMatch[], captureIds: ReadonlyMap<string, number>, source: string): MatchTable {
  let size = MATCHES_START;
  for (const m of matches) size += 2 + PER_CAPTURE * m.captures.length;
  const data = new Int32Array(size);
  let at = MATCHES_START;
  for (const m of matches) {
    data[at++] = m.pattern;
    const countAt = at++;
    let count = 0;
    for (const capture of m.captures) {
      const id = captureIds.get(capture.name);
      if (id === undefined) continue;
      const start = startOf(capture.node);
      const end = endOf(capture.node, start, source);
      data.set([id, start.index, start.row, start.column, end.index, end.row, end.column], at);
      at += PER_CAPTURE;
      count++;
    }
    data[countAt] = count;
  }
  return { data: data.subarray(0, at), count: matches.length };
}
