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
  let lineText: string | undefined;
  matchRanges(query, text, (start, end) => {
    while (start > lineEnd) {
      line++;
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      lineText = undefined;
    }
    lineText ??= text.slice(lineStart, lineEnd);
    out.push(lineMatch(line, lineText, start - lineStart, end - start));
    return out.length < limit;
  });
  return out;
}

/** One match on a line: the part on this line, and the line (clipped around the match when very long) as preview. */
export function lineMatch(line: number, lineText: string, column: number, length: number): TextMatch {
  let from = 0;
  let to = lineText.length;
  if (to > PREVIEW_MAX) {
    from = Math.max(0, column - PREVIEW_BEFORE);
    to = Math.min(lineText.length, from + PREVIEW_MAX);
  }
  const preview = lineText.slice(from, to).replace(/[\uDC80-\uDCFF]/gu, '\uFFFD');
  return { line, column, length: Math.min(length, lineText.length - column), preview, previewColumn: column - from };
}
