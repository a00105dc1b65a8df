import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextSearchEvent, TextSearchQuery } from '../../common/searchTypes.js';
import { FixedTagsForTests } from '../testing/fixedTagsForTests.js';
import { asRipgrep13Reports, rgAccepts, rgMatches, type MatchSet } from '../testing/rgReference.js';
import { TempWorkspace } from '../testing/tempWorkspace.js';
import { mulberry32, randomPatterns, writeTrickyCorpus } from '../testing/trickyCorpus.js';
import { WorkspaceIndex } from '../workspaceIndex.js';

// Find in files through the whole index (trigram candidates, then verification) must give
// exactly ripgrep's matches on the same files: for hand-picked and random queries, with
// globs, and also mid-build, before the content index exists (answered by scanning).
let ws: TempWorkspace;
let index: WorkspaceIndex;
let lines: Map<string, string[]>;

function sourceLikeFiles(count: number, seed: number): Record<string, string> {
  const rand = mulberry32(seed);
  const parts = ['get', 'set', 'Index', 'File', 'Search', 'render', 'update', 'Tree', 'node', 'Parser', 'query', 'Result', 'value', 'map', 'List', 'item', 'x', 'y'];
  const out: Record<string, string> = {};
  for (let f = 0; f < count; f++) {
    const body: string[] = [];
    const n = 20 + Math.floor(rand() * 60);
    for (let i = 0; i < n; i++) {
      const id = () => parts[Math.floor(rand() * parts.length)]! + parts[Math.floor(rand() * parts.length)]! + Math.floor(rand() * 100);
      body.push(`  const ${id()} = ${id()}(${id()}, "${id()} ${Math.floor(rand() * 1e6)}");`);
    }
    out[`src/m${f % 7}/file${f}.ts`] = `function main${f}() {\n${body.join('\n')}\n}\n`;
  }
  return out;
}

async function ours(idx: WorkspaceIndex, q: TextSearchQuery): Promise<{ set: MatchSet; done: Extract<TextSearchEvent, { type: 'done' }> }> {
  const set: MatchSet = new Set();
  let done: Extract<TextSearchEvent, { type: 'done' }> | undefined;
  for await (const e of idx.findInFiles({ ...q, maxResults: Number.MAX_SAFE_INTEGER })) {
    if (e.type === 'done') done = e;
    else
      for (const m of e.matches) {
        const [column, length] = asRipgrep13Reports(q, m.line, lines.get(e.relativePath)![m.line]!, m.column, m.length);
        set.add(`${e.relativePath}:${m.line}:${column}:${length}`);
      }
  }
  return { set, done: done! };
}

async function expectSameAsRg(idx: WorkspaceIndex, q: TextSearchQuery): Promise<Extract<TextSearchEvent, { type: 'done' }>> {
  const expected = rgMatches(ws.root, q);
  const { set, done } = await ours(idx, q);
  const missing = [...expected].filter((x) => !set.has(x));
  const extra = [...set].filter((x) => !expected.has(x));
  expect({ q, missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ q, missing: [], extra: [] });
  return done;
}

beforeAll(async () => {
  ws = new TempWorkspace(sourceLikeFiles(400, 3));
  writeTrickyCorpus(ws.root);
  const { readFileSync, readdirSync, statSync } = await import('node:fs');
  const { join, relative } = await import('node:path');
  const { decodeText } = await import('../../common/decodeText.js');
  lines = new Map();
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else lines.set(relative(ws.root, p), decodeText(readFileSync(p)).split('\n'));
    }
  };
  visit(ws.root);
  index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: false });
  await index.whenIdle();
});

afterAll(async () => {
  await index.close();
  ws.dispose();
});

const flagSets = [{ caseSensitive: true }, { caseSensitive: false }, { caseSensitive: true, wholeWord: true }, { caseSensitive: false, wholeWord: true }];

describe('find in files through the index', () => {
  it('uses the index and agrees with ripgrep on literals and regexes', async () => {
    const literals = ['getIndex', 'Search', 'foo', 'FOO', 'straße', 'kelvin', 'stop', 'é', '😀', 'a😀b', 'foo bar', '"', 'x1', 'Σίσυφος', 'nothing-like-this'];
    for (const pattern of literals) for (const f of flagSets) expect((await expectSameAsRg(index, { pattern, ...f })).fromIndex).toBe(pattern.length >= 3 && /[^\u0080-\u{10ffff}\n]{3}/u.test(pattern));
    const regexes = ['get\\w+Index', 'set(File|Tree)\\d+', '"\\w+ \\d{3,}"', '^\\s+const', 'Result\\d*\\(', '[A-Z]ile', 'node|tree', '(?i)PARSER', 'foo$', '^foo', '\\bfoo\\b', 'x.y', 'st(?:op|raße)'];
    for (const pattern of regexes) for (const f of flagSets) await expectSameAsRg(index, { pattern, isRegExp: true, ...f });
  }, 120_000);

  it('applies include and exclude globs like ripgrep --glob', async () => {
    const globs: Pick<TextSearchQuery, 'includes' | 'excludes'>[] = [
      { includes: ['*.txt'] },
      { excludes: ['edge/**'] },
      { includes: ['src/m1/**', 'edge/*.txt'], excludes: ['*crlf*'] },
      { excludes: ['m2', 'gen/'] },
      { includes: ['file1*.ts'], excludes: ['src/m3'] },
    ];
    for (const g of globs) {
      await expectSameAsRg(index, { pattern: 'foo', ...g });
      await expectSameAsRg(index, { pattern: 'get\\w+', isRegExp: true, ...g });
    }
  }, 60_000);

  it('agrees with ripgrep on a few hundred random queries', async () => {
    const rand = mulberry32(11);
    const patterns = randomPatterns(240, 23);
    // Over the tricky files and a slice of the rest: catch-all patterns yield hundreds of
    // thousands of matches over everything, which only makes the comparison slow.
    const includes = ['edge/**', 'gen/**', 'src/m0/**'];
    for (const [i, pattern] of patterns.entries()) {
      const q = { pattern, isRegExp: true, includes, ...flagSets[i % flagSets.length]! };
      if (!rgAccepts(ws.root, q)) continue;
      await expectSameAsRg(index, q);
    }
    // Random literal slices of real lines.
    const all = [...lines.values()].flat().filter((l) => l.length > 6);
    for (let i = 0; i < 60; i++) {
      const line = all[Math.floor(rand() * all.length)]!;
      const start = Math.floor(rand() * (line.length - 4));
      const pattern = line.slice(start, start + 3 + Math.floor(rand() * 8)).replace(/[\uD800-\uDFFF]/gu, '');
      if (pattern.length > 0) await expectSameAsRg(index, { pattern, ...flagSets[i % flagSets.length]! });
    }
  }, 180_000);

  it('streams with a cap', async () => {
    let matches = 0;
    let done: Extract<TextSearchEvent, { type: 'done' }> | undefined;
    for await (const e of index.findInFiles({ pattern: 'const', maxResults: 25 })) {
      if (e.type === 'file') matches += e.matches.length;
      else done = e;
    }
    expect(matches).toBe(25);
    expect(done?.limitHit).toBe(true);
  });

  it('answers exactly by scanning before the content index is built', async () => {
    const tags = new FixedTagsForTests();
    let release!: () => void;
    tags.hold = new Promise((r) => (release = r));
    const building = await WorkspaceIndex.open([ws.root], { tagSource: tags, indexDir: `${ws.indexDir}-cold`, watch: false });
    try {
      // Parsing is held: nothing has been stored in the content index yet.
      const done = await expectSameAsRg(building, { pattern: 'getIndex' });
      expect(done.partial).toBe(true);
      expect(building.searchSymbols('main').partial).toBe(true);
      // Every discovered file is listed for quick open before any has been parsed.
      expect(building.status().files).toBe(lines.size);
      expect(building.quickOpen('file399').items[0]?.relativePath).toBe('src/m0/file399.ts');
      // …and quick open says it covers the tree: the listing is committed while parsing waits.
      expect(building.quickOpen('file399').partial).toBe(false);
      await expectSameAsRg(building, { pattern: 'st(?:op|raße)', isRegExp: true, caseSensitive: false });
      release();
      await building.whenIdle();
      const after = await expectSameAsRg(building, { pattern: 'getIndex' });
      expect(after.partial).toBe(false);
      expect(after.fromIndex).toBe(true);
      expect(building.searchSymbols('main').partial).toBe(false);
    } finally {
      release();
      await building.close();
    }
  });
});
