import type { TextMatch } from './searchTypes.js';
import { matchRanges, type CompiledTextQuery } from './textQuery.js';

const PREVIEW_BEFORE = 60;
const PREVIEW_MAX = 250;

/**
 * Finds the query's matches in a file's text with their lines, columns and previews.
 * Stops after `limit` matches. Lines end at '\n' only (a '\r' stays part of the line, as
 * ripgrep counts without --crlf).
 */
export function locateMatches(query: CompiledTextQuery, text: string, limit: number): TextMatch[] {
  const out: TextMatch[] = [];
  let line = 0;
  let lineStart = 0;
  let lineEnd = text.indexOf('\n');
  if (lineEnd < 0) lineEnd = text.length;
  matchRanges(query, text, (start, end) => {
    while (start > lineEnd) {
      line++;
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
    }
    const column = start - lineStart;
    let from = lineStart;
    let to = lineEnd;
    if (to - from > PREVIEW_MAX) {
      from = Math.max(lineStart, start - PREVIEW_BEFORE);
      to = Math.min(lineEnd, from + PREVIEW_MAX);
    }
    const preview = text.slice(from, to).replace(/[\uDC80-\uDCFF]/gu, '\uFFFD');
    out.push({ line, column, length: Math.min(end, lineEnd) - start, preview, previewColumn: start - from });
    return out.length < limit;
  });
  return out;
}
