import { spawnSync } from 'node:child_process';
import { locateMatches } from '../../common/textLocate.js';
import { compileTextQuery } from '../../common/textQuery.js';

export interface RgQuery {
  pattern: string;
  isRegExp?: boolean;
  caseSensitive?: boolean;
  wholeWord?: boolean;
  includes?: string[];
  excludes?: string[];
}

/** Match positions as "relativePath:line:column:length" (zero-based line; UTF-16 column and length). */
export type MatchSet = Set<string>;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-16 length of bytes, counting each byte of an invalid sequence as one unit (our decoding). */
function utf16Length(bytes: Uint8Array): number {
  try {
    return utf8.decode(bytes).length;
  } catch {
    let n = 0;
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i]!;
      const len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
      const seq = bytes.subarray(i, i + len);
      let ok = len > 0 && seq.length === len;
      if (ok) {
        try {
          utf8.decode(seq);
        } catch {
          ok = false;
        }
      }
      if (ok) {
        n += len === 4 ? 2 : 1;
        i += len;
      } else {
        n += 1;
        i += 1;
      }
    }
    return n;
  }
}

function field(v: { text?: string; bytes?: string }): Uint8Array {
  return v.text !== undefined ? Buffer.from(v.text, 'utf8') : Buffer.from(v.bytes!, 'base64');
}

/**
 * Runs ripgrep over every file under `cwd` (no ignore files, hidden included) — the
 * reference. `--mmap` makes ripgrep see each file as one buffer, so its -w quirk (see the
 * parity test) does not depend on how it happened to chunk its reads.
 */
export function rgMatches(cwd: string, q: RgQuery): MatchSet {
  const args = ['--json', '--mmap', '--no-config', '--no-ignore', '--hidden', '--no-messages', '-g', '!.git', '--max-filesize', '16M'];
  if (!q.isRegExp) args.push('-F');
  args.push(q.caseSensitive ? '-s' : '-i');
  if (q.wholeWord) args.push('-w');
  for (const g of q.includes ?? []) args.push('-g', g);
  for (const g of q.excludes ?? []) args.push('-g', `!${g}`);
  args.push('-e', q.pattern, '.');
  const run = spawnSync('rg', args, { cwd, maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`rg failed (${run.status}): ${run.stderr.toString()}`);
  const out: MatchSet = new Set();
  for (const line of run.stdout.toString('utf8').split('\n')) {
    if (!line.startsWith('{"type":"match"')) continue;
    const data = JSON.parse(line).data;
    const path = Buffer.from(field(data.path)).toString('utf8').replace(/^\.\//u, '');
    const lineBytes = field(data.lines);
    for (const sub of data.submatches as { start: number; end: number }[]) {
      const column = utf16Length(lineBytes.subarray(0, sub.start));
      const length = utf16Length(lineBytes.subarray(sub.start, sub.end));
      out.add(`${path}:${data.line_number - 1}:${column}:${length}`);
    }
  }
  return out;
}

/** Whether ripgrep accepts the pattern (exit status 2 is a pattern error). */
export function rgAccepts(cwd: string, q: RgQuery): boolean {
  const args = ['--no-config', '-q', ...(q.isRegExp ? [] : ['-F']), '-e', q.pattern, '/dev/null'];
  const run = spawnSync('rg', args, { cwd });
  return run.status !== 2;
}

const anchored = new Map<string, ReturnType<typeof compileTextQuery>>();

/**
 * ripgrep 13's -w fast path (reworked upstream later; see ripgrep issue #2574) drops the
 * first character of a word match that starts a line other than the file's first, when
 * the rest still matches the pattern and the match (plus the character after it) does not
 * reach the end of the line. Our results are right; to compare, this applies the same
 * mistake to them.
 */
export function asRipgrep13Reports(q: RgQuery, line: number, lineText: string, column: number, length: number): [number, number] {
  // The candidate includes the non-word character after the match; one that reaches the
  // end of the line takes ripgrep's slow (correct) path.
  const after = length < lineText.length && lineText.codePointAt(length)! > 0xffff ? 2 : 1;
  if (!q.wholeWord || !q.isRegExp || line === 0 || column !== 0 || length === 0 || length + after >= lineText.length) return [column, length];
  const first = lineText.codePointAt(0)! > 0xffff ? 2 : 1;
  const key = JSON.stringify(q);
  let whole = anchored.get(key);
  if (!whole) anchored.set(key, (whole = compileTextQuery({ ...q, wholeWord: false, pattern: `^(?:${q.pattern})$` })));
  let ok = false;
  locateMatches(whole, lineText.slice(first, length), 1).forEach(() => (ok = true));
  return ok ? [column + first, length - first] : [column, length];
}

