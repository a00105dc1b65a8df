import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../common/decodeText.js';
import type { TrigramQuery } from '../../common/regex/trigramQuery.js';
import { locateMatches } from '../../common/textLocate.js';
import { compileTextQuery, PatternError } from '../../common/textQuery.js';
import { extractTrigrams, TRIGRAM_SPACE, trigramKey } from '../../common/trigram.js';
import { asRipgrep13Reports, rgAccepts, rgMatches, type MatchSet, type RgQuery } from '../testing/rgReference.js';
import { randomPatterns, writeTrickyCorpus } from '../testing/trickyCorpus.js';

// The matcher alone (no index) against ripgrep on the same files: exact equality of every
// match's line, column and length; and the trigram plan must never rule out a file that
// has a match.
let dir: string;
let files: { rel: string; text: string; trigrams: Set<number> }[];
let nonAscii: Set<string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marie-parity-'));
  const seen = new Uint32Array(TRIGRAM_SPACE);
  files = writeTrickyCorpus(dir).map((rel, i) => {
    const bytes = readFileSync(join(dir, rel));
    const out = new Int32Array(bytes.length);
    const trigrams = new Set(out.subarray(0, extractTrigrams(bytes, seen, i + 1, out, 0)));
    return { rel, text: decodeText(bytes), trigrams };
  });
  nonAscii = new Set(files.filter((f) => /[\u0080-\u{10ffff}]/u.test(f.text)).map((f) => f.rel));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function admits(plan: TrigramQuery, trigrams: Set<number>): boolean {
  if (plan.op === 'all') return true;
  if (plan.op === 'none') return false;
  const results = [...plan.trigrams.map((t) => trigrams.has(trigramKey(t))), ...plan.subs.map((s) => admits(s, trigrams))];
  return plan.op === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function ours(q: RgQuery): MatchSet {
  const compiled = compileTextQuery(q);
  const out: MatchSet = new Set();
  for (const f of files) {
    const matches = locateMatches(compiled, f.text, Infinity);
    if (matches.length > 0) expect(admits(compiled.plan, f.trigrams), `plan rules out ${f.rel} for ${JSON.stringify(q)}`).toBe(true);
    const lines = f.text.split('\n');
    for (const m of matches) {
      const [column, length] = asRipgrep13Reports(q, m.line, lines[m.line]!, m.column, m.length);
      out.add(`${f.rel}:${m.line}:${column}:${length}`);
    }
  }
  return out;
}

/**
 * `asciiFilesOnly` for patterns that can match the empty string: ripgrep reports those at
 * every byte offset, inside multi-byte characters too, which UTF-16 columns cannot express.
 */
function check(q: RgQuery, asciiFilesOnly = false): void {
  const keep = (m: string): boolean => !asciiFilesOnly || !nonAscii.has(m.slice(0, m.indexOf(':')));
  const expected = new Set([...rgMatches(dir, q)].filter(keep));
  const actual = new Set([...ours(q)].filter(keep));
  const missing = [...expected].filter((x) => !actual.has(x));
  const extra = [...actual].filter((x) => !expected.has(x));
  expect({ query: q, missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ query: q, missing: [], extra: [] });
}

const flagSets: Omit<RgQuery, 'pattern'>[] = [
  { caseSensitive: true },
  { caseSensitive: false },
  { caseSensitive: true, wholeWord: true },
  { caseSensitive: false, wholeWord: true },
];

describe('text matcher vs ripgrep', () => {
  it('agrees on hand-picked literals', () => {
    const literals = ['foo', 'FOO', 'é', 'ß', 'straße', 'STRASSE', 'kelvin', 'K', 'stop', 'σ', 'Σίσυφος', '😀', 'a😀b', '-foo-', 'foo-', '(foo)', 'a.b', 'a*b', '\\n', '\t', '\r', 'o f', 'oo', 'foofoo', 'x', ' ', 'ok foo', 'c foo'];
    for (const pattern of literals) for (const flags of flagSets) check({ pattern, isRegExp: false, ...flags });
  }, 60_000);

  it('agrees on hand-picked regexes', () => {
    const patterns = ['^foo', 'foo$', 'o\\b', '\\bfoo\\b', 'o\\B', '\\Bo+', 'fo+', 'f.o', '\\w+', '\\W+', '\\d+', '\\s+', '[[:upper:]]+', '\\p{Greek}+', '\\pL\\pM', 'é|e\u0301', '(?i)straße', 'stra(?i:SSE)', '[^\\x00-\\x7F]+', '\\r$', '.$', '^.', '(?:foo|bar)+', 'foo|foobar', '[a-c&&b-d]', '[\\w--\\d]+', '\\x{212A}', '\\u017F', '[^a]', '.'];
    for (const pattern of patterns) for (const flags of flagSets) check({ pattern, isRegExp: true, ...flags });
  }, 60_000);

  it('agrees on patterns that match the empty string (ASCII files)', () => {
    for (const pattern of ['^$', '^', '$', 'x*', 'a?', '\\b', '(?:foo)*', 'o*$']) for (const flags of flagSets) check({ pattern, isRegExp: true, ...flags }, true);
  });

  it('agrees on a few hundred random regexes', () => {
    for (const [i, pattern] of randomPatterns(300).entries()) {
      const flags = flagSets[i % flagSets.length]!;
      const q = { pattern, isRegExp: true, ...flags };
      if (!rgAccepts(dir, q)) {
        expect(() => compileTextQuery(q)).toThrow(PatternError);
        continue;
      }
      check(q);
    }
  }, 180_000);

  // ripgrep 13 (Rust regex 1.5) judges \b and \B wrongly where it resumes searching after
  // a match on the same line; `rg --pcre2` agrees with these answers.
  it('finds every match after a leading \\B (ripgrep 13 stops after the first)', () => {
    const compiled = compileTextQuery({ pattern: '\\Bo', isRegExp: true, caseSensitive: true });
    expect(locateMatches(compiled, 'foo foo-foo', 100).map((m) => m.column)).toEqual([1, 2, 5, 6, 9, 10]);
  });

  it('sees a word boundary right where the previous match ended (ripgrep 13 does not)', () => {
    const compiled = compileTextQuery({ pattern: '\\b\\S{1,3}\\W|.+?.*\\b', isRegExp: true, caseSensitive: true });
    expect(locateMatches(compiled, '(foo)\r', 100).map((m) => [m.column, m.length])).toEqual([
      [0, 4],
      [4, 2],
    ]);
  });

  it('rejects what ripgrep rejects', () => {
    for (const pattern of ['(?=a)', 'a(?!b)', '(a)\\1', 'a\\nb', '*a', '[a', 'a{2,1}', '\\p{NoSuchClass}']) {
      expect(rgAccepts(dir, { pattern, isRegExp: true })).toBe(false);
      expect(() => compileTextQuery({ pattern, isRegExp: true }), pattern).toThrow(PatternError);
    }
  });
});
