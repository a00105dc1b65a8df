import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../common/decodeText.js';
import { locateMatches } from '../../common/textLocate.js';
import { compileTextQuery } from '../../common/textQuery.js';
import { mulberry32, writeTrickyCorpus } from '../testing/trickyCorpus.js';
import { literalNeedle, locateLiteral } from './literalBytes.js';

// The byte path for case-sensitive literals must give exactly what decoding the whole file
// and running the query's regex gives (which textMatcherParity.test.ts holds to ripgrep):
// same lines, columns, lengths, previews and preview columns, on the tricky corpus and on
// files made to break it (a byte order mark, U+FEFF mid-line, invalid bytes before a match
// on its line, long lines with clipped previews, many hits per line, CRLF).
let dir: string;
let files: Buffer[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marie-literal-'));
  files = writeTrickyCorpus(dir).map((rel) => readFileSync(join(dir, rel)));
  const long = `${'x'.repeat(300)}foo${'é'.repeat(200)}foo😀${'y'.repeat(400)}foo`;
  files.push(
    Buffer.from(`\uFEFFfoo \uFEFFfoo\n\uFEFFfoo\r\nbar foo\n`),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from('foo\n')]),
    Buffer.concat([Buffer.from('a'), Buffer.from([0xe2, 0x82]), Buffer.from('foo é'), Buffer.from([0xff, 0xc3]), Buffer.from('foo\nfoo'), Buffer.from([0xf0, 0x9f]), Buffer.from('foo')]),
    Buffer.from(`${long}\n${long}\n`),
    Buffer.from('foofoofoo\nfoo foo\n\n\nfoo'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSame(pattern: string, limit = Infinity): void {
  const q = { pattern, caseSensitive: true };
  const needle = literalNeedle(q)!;
  const compiled = compileTextQuery(q);
  for (const [i, bytes] of files.entries()) {
    expect({ file: i, pattern, m: locateLiteral(bytes, needle, limit) }).toEqual({ file: i, pattern, m: locateMatches(compiled, decodeText(bytes), limit) });
  }
}

describe('literal search on bytes', () => {
  it('is used only for case-sensitive, well-formed literals without U+FEFF', () => {
    expect(literalNeedle({ pattern: 'foo', caseSensitive: true })?.units).toBe(3);
    expect(literalNeedle({ pattern: '😀x', caseSensitive: true })?.units).toBe(3);
    for (const q of [{ pattern: 'foo' }, { pattern: 'foo', caseSensitive: true, wholeWord: true }, { pattern: 'foo', caseSensitive: true, isRegExp: true }, { pattern: '', caseSensitive: true }, { pattern: '\uFEFFfoo', caseSensitive: true }, { pattern: 'a\uD800', caseSensitive: true }]) {
      expect(literalNeedle(q), JSON.stringify(q)).toBeUndefined();
    }
  });

  it('agrees with the decoded search on hand-picked literals', () => {
    for (const p of ['foo', 'FOO', 'é', 'straße', '\u212Aelvin', '\u017Ftop', 'Σίσυφος', '😀', 'a😀b', '-foo-', '(foo)', 'tab\there', '\r', ' ', 'oo', 'foofoo', 'foo😀y', 'éfoo', 'x'.repeat(299)]) expectSame(p);
  });

  it('agrees on every substring drawn at random from the files, including cut characters', () => {
    const rand = mulberry32(11);
    let tried = 0;
    while (tried < 400) {
      const text = decodeText(files[Math.floor(rand() * files.length)]!);
      if (text.length === 0) continue;
      const at = Math.floor(rand() * text.length);
      const pattern = text.slice(at, at + 1 + Math.floor(rand() * 8)).split('\n')[0]!;
      if (!literalNeedle({ pattern, caseSensitive: true })) continue;
      expectSame(pattern);
      tried++;
    }
  });

  it('stops at the limit', () => {
    expectSame('foo', 2);
    expectSame('o', 1);
  });
});
