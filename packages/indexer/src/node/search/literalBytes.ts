import { decodeText } from '../../common/decodeText.js';
import type { TextMatch } from '../../common/searchTypes.js';
import type { TextQuery } from '../../common/textQuery.js';
import { lineMatch } from '../../common/textLocate.js';

/** With the u flag, a surrogate half matches only when it is not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A literal searched for on raw bytes: its UTF-8 and its length in UTF-16 units. */
export interface LiteralNeedle {
  bytes: Buffer;
  units: number;
}

/**
 * A query that can be verified on a file's raw bytes: a case-sensitive literal, not
 * whole-word, well-formed and without U+FEFF (a leading byte order mark is not part of
 * the decoded text). Undefined for anything else (the caller decodes the file and runs
 * the regex). Why the matches are the same: the needle's first byte is never a UTF-8
 * continuation byte, so wherever its bytes occur the decoder (strict or lossless) is at a
 * character boundary there and decodes them to the needle, and the reverse.
 */
export function literalNeedle(query: TextQuery): LiteralNeedle | undefined {
  const p = query.pattern;
  if (query.isRegExp || !query.caseSensitive || query.wholeWord || p === '' || p.includes('\uFEFF') || LONE_SURROGATE.test(p)) return undefined;
  return { bytes: Buffer.from(p, 'utf8'), units: p.length };
}

/**
 * `locateMatches` for a needle from `literalNeedle`, on bytes: the file is searched
 * without being decoded (most of a file is never looked at again), and only lines with
 * matches are decoded, for their columns and previews. Same matches, columns and previews
 * as decoding the whole file and running the regex (textMatcherParity.test.ts).
 */
export function locateLiteral(bytes: Uint8Array, needle: LiteralNeedle, limit: number): TextMatch[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: TextMatch[] = [];
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let line = 0;
  let lineStart = 0; // byte offset just after the last '\n' before the current match
  let lineEnd = -1; // the current line's '\n' (or the end); -1 before the first match
  let lineText = '';
  let unitsAt = 0; // a byte offset on the current line whose column is `units`
  let units = 0;
  for (let pos = buf.indexOf(needle.bytes); pos >= 0 && out.length < limit; pos = buf.indexOf(needle.bytes, pos + needle.bytes.length)) {
    if (pos > lineEnd) {
      // Lines end at '\n' only; memchr-speed counting up to the match.
      let nl = buf.indexOf(10, lineStart);
      while (nl >= 0 && nl < pos) {
        line++;
        lineStart = nl + 1;
        nl = buf.indexOf(10, lineStart);
      }
      lineEnd = nl < 0 ? buf.length : nl;
      unitsAt = lineStart === 0 ? bom : lineStart;
      units = 0;
      lineText = decodeText(buf.subarray(unitsAt, lineEnd), true);
    }
    // Match starts are character boundaries, so columns add up piecewise along the line.
    units += decodeText(buf.subarray(unitsAt, pos), true).length;
    unitsAt = pos;
    out.push(lineMatch(line, lineText, units, needle.units));
  }
  return out;
}
