import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextSearchEvent } from '../../common/searchTypes.js';
import { compileTextQuery } from '../../common/textQuery.js';
import { FixedTagsForTests } from '../testing/fixedTagsForTests.js';
import { rgMatches } from '../testing/rgReference.js';
import { TempWorkspace } from '../testing/tempWorkspace.js';
import { WorkspaceIndex } from '../workspaceIndex.js';

// A regex that backtracks exponentially in V8 (ripgrep's engine is linear) must not hang
// find in files: the file it hangs on is skipped at the time limit, every other file is
// still searched and matched exactly as ripgrep does.
let ws: TempWorkspace;
let index: WorkspaceIndex;

beforeAll(async () => {
  ws = new TempWorkspace({
    // `(a+)+$` on 40 a's and a b: about 2^40 ways to split the a's before failing.
    'evil.txt': `${'a'.repeat(40)}b\n`,
    'fine.txt': 'xx aaaa\nnone here\n',
    'also.txt': 'aa\n',
  });
  index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: false, regexTimeLimitMs: 300 });
  await index.whenIdle();
});

afterAll(async () => {
  await index.close();
  ws.dispose();
});

describe('catastrophic regexes in find in files', () => {
  it('classifies nested and many unbounded repeats as risky, ordinary patterns not', () => {
    const risky = (pattern: string) => compileTextQuery({ pattern, isRegExp: true }).risky;
    expect(['(a+)+$', '(\\w*)*x', '(a|aa)+b', '.*=.*=.*;'].map(risky)).toEqual([true, true, true, true]);
    expect(['get\\w+Index', 'set(File|Tree)\\d+', '^\\s+const', 'foo'].map(risky)).toEqual([false, false, false, false]);
    expect(compileTextQuery({ pattern: '(a+)+$' }).risky).toBe(false); // a literal never backtracks
  });

  it('skips the file past the time limit and answers the rest like ripgrep', async () => {
    const started = performance.now();
    const lines = new Set<string>();
    let done: Extract<TextSearchEvent, { type: 'done' }> | undefined;
    for await (const e of index.findInFiles({ pattern: '(a+)+$', isRegExp: true, caseSensitive: true })) {
      if (e.type === 'done') done = e;
      else for (const m of e.matches) lines.add(`${e.relativePath}:${m.line}`);
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(done?.timedOut).toBe(1);
    const expected = new Set([...rgMatches(ws.root, { pattern: '(a+)+$', isRegExp: true, caseSensitive: true })].map((k) => k.split(':').slice(0, 2).join(':')));
    expected.delete('evil.txt:0');
    expect(lines).toEqual(expected);
    expect(lines).toEqual(new Set(['fine.txt:0', 'also.txt:0']));
  }, 30_000);
});
