import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackTags } from '../common/packedTags.js';
import { mulberry32 } from '../node/testing/trickyCorpus.js';
import { LanguageRegistry } from './languageRegistry.js';
import type { ParseLimits } from './protocol.js';
import { editBetween, RecentTrees, type TextEdit } from './recentTrees.js';
import { TagsEngine } from './tagsEngine.js';

// Editor saves re-parse incrementally from the previous tree; the tags must be exactly
// those of a parse from scratch, whatever the edit (insertions, deletions, new lines,
// astral characters), or a save would leave wrong symbols in the index.
const registry = LanguageRegistry.load();
const limits: ParseLimits = { maxFileBytes: 1 << 20, timeLimitMs: 5000, matchLimit: 1024, gcEveryBytes: 1 << 30, minorGcEveryBytes: 1 << 30, resultCacheBytes: 0 };
const snippets = ['\n', 'function added(a, b) { return a + b; }\n', 'class K { m() {} }', ' 😀 ', '}', '(', 'x', '\n\n  ', '// note\n', 'const z = 1;\n'];

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A tree that only records what happens to it. */
class FakeTree {
  edits: TextEdit[] = [];
  disposed = 0;
  edit(e: TextEdit): void {
    this.edits.push(e);
  }
  dispose(): void {
    this.disposed++;
  }
}

describe('incremental re-parsing of editor saves', () => {
  it('keeps eight files’ trees and at most 512 Ki units of their source, freeing what it drops once, after the answer', async () => {
    const trees = new RecentTrees<FakeTree>();
    const kept = Array.from({ length: 9 }, () => new FakeTree());
    kept.forEach((t, i) => trees.keep(`/f${i}`, 'typescript', 'x'.repeat(1000), t));
    expect(trees.size).toBe(8);
    // Freed on the next turn of the event loop, not while the save is being answered.
    expect(kept.map((t) => t.disposed)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await nextTurn();
    expect(kept.map((t) => t.disposed)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([trees.has('/f0', 'typescript'), trees.has('/f8', 'typescript'), trees.has('/f8', 'python')]).toEqual([false, true, false]);
    // The same file again replaces its tree (the old one freed), a different language drops it.
    const again = new FakeTree();
    trees.keep('/f8', 'typescript', 'y'.repeat(1000), again);
    await nextTurn();
    expect(kept[8]!.disposed).toBe(1);
    expect(trees.take('/f8', 'typescript', 'y'.repeat(999))).toBe(again);
    expect(again.edits).toHaveLength(1);
    expect(trees.take('/f7', 'python', 'z')).toBeUndefined();
    expect(kept[7]!.disposed).toBe(1);
    // A file past the budget is not kept, nor is what came before it.
    const huge = new FakeTree();
    trees.keep('/huge', 'typescript', 'h'.repeat(600 * 1024), huge);
    expect(trees.size).toBe(0);
    await nextTurn();
    expect([huge.disposed, ...kept.slice(1, 7).map((t) => t.disposed)]).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });


  it('keeps the tree of an editor save, not of a warm-up or a bulk parse', async () => {
    const engine = new TagsEngine(registry, limits);
    const kept = (): number => {
      const trees = engine as unknown as { recentTrees: RecentTrees<FakeTree>; recentNativeTrees: RecentTrees<FakeTree> };
      return trees.recentTrees.size + trees.recentNativeTrees.size;
    };
    const content = Buffer.from('export function a() {}\n');
    await engine.parse({ path: '/w/.marie-warm-up/a.ts', content, priority: 'interactive', keepTree: false });
    await engine.parse({ path: '/w/bulk.ts', content });
    expect(kept()).toBe(0);
    await engine.parse({ path: '/w/saved.ts', content, priority: 'interactive' });
    expect(kept()).toBe(1);
  });

  it('parses a file opened in the editor for its tree, even when its outcome is cached, so its first save re-parses from it', async () => {
    const engine = new TagsEngine(registry, { ...limits, resultCacheBytes: 1 << 20 });
    const source = 'export class Opened {\n  run() { return 1; }\n}\n';
    const content = Buffer.from(source);
    // The bulk build parsed (and cached) the same bytes: an open must still build a tree.
    expect((await engine.parse({ path: '/w/other.ts', content })).cached).toBeUndefined();
    const opened = await engine.parse({ path: '/w/opened.ts', content, priority: 'interactive', opened: true });
    expect(opened.cached).toBeUndefined();
    expect(opened.reusedTree).toBeUndefined();
    const edited = `${source}export function added() {}\n`;
    const saved = await engine.parse({ path: '/w/opened.ts', content: Buffer.from(edited), priority: 'interactive' });
    expect(saved.reusedTree).toBe(true);
    const names = (r: typeof saved): string[] => (r.outcome.ok ? unpackTags(r.outcome.tags).definitions.map((d) => d.name).sort() : []);
    expect(names(saved)).toEqual(['Opened', 'added', 'run']);
    // A file never opened nor saved is parsed in full.
    expect((await engine.parse({ path: '/w/fresh.ts', content: Buffer.from(edited), priority: 'interactive' })).reusedTree).toBeUndefined();
  });

  it('derives the edit between two texts in UTF-16 units and rows', () => {
    expect(editBetween('ab\ncd\nef', 'ab\ncXd\nef')).toEqual({
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 5,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 1, column: 1 },
      newEndPosition: { row: 1, column: 2 },
    });
    const e = editBetween('a😀b', 'a😁b'); // same high surrogate: the edit covers the whole pair
    expect([e.startIndex, e.oldEndIndex, e.newEndIndex]).toEqual([1, 3, 3]);
    const d = editBetween('x\ny\nz', 'x\nz');
    expect([d.startIndex, d.oldEndIndex, d.newEndIndex, d.oldEndPosition.row, d.newEndPosition.row]).toEqual([2, 4, 2, 2, 1]);
  });

  it.each(['typescript/fixtures/sample.ts', 'javascript/fixtures/sample.jsx', 'python/fixtures/sample.py'])('gives the same tags as a fresh parse after random edits: %s', async (fixture) => {
    const path = join(registry.get(fixture.split('/')[0]!)!.dir, '..', fixture);
    const rand = mulberry32(fixture.length);
    const saving = new TagsEngine(registry, limits);
    const fresh = new TagsEngine(registry, limits);
    let text = readFileSync(path, 'utf8');
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(rand() * (text.length + 1));
      if (rand() < 0.6) text = text.slice(0, at) + snippets[Math.floor(rand() * snippets.length)]! + text.slice(at);
      else text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 40)));
      const content = Buffer.from(text, 'utf8');
      const incremental = await saving.parse({ path, content, priority: 'interactive' });
      const reference = await fresh.parse({ path, content });
      expect(incremental.outcome, `edit ${i}`).toEqual(reference.outcome);
    }
  });
});
