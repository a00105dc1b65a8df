import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  it('keeps four files’ trees and at most 512 Ki units of their source, freeing what it drops once, after the answer', async () => {
    const trees = new RecentTrees<FakeTree>();
    const kept = Array.from({ length: 5 }, () => new FakeTree());
    kept.forEach((t, i) => trees.keep(`/f${i}`, 'typescript', 'x'.repeat(1000), t));
    expect(trees.size).toBe(4);
    // Freed on the next turn of the event loop, not while the save is being answered.
    expect(kept.map((t) => t.disposed)).toEqual([0, 0, 0, 0, 0]);
    await nextTurn();
    expect(kept.map((t) => t.disposed)).toEqual([1, 0, 0, 0, 0]);
    // The same file again replaces its tree (the old one freed), a different language drops it.
    const again = new FakeTree();
    trees.keep('/f4', 'typescript', 'y'.repeat(1000), again);
    await nextTurn();
    expect(kept[4]!.disposed).toBe(1);
    expect(trees.take('/f4', 'typescript', 'y'.repeat(999))).toBe(again);
    expect(again.edits).toHaveLength(1);
    expect(trees.take('/f3', 'python', 'z')).toBeUndefined();
    expect(kept[3]!.disposed).toBe(1);
    // A file past the budget is not kept, nor is what came before it.
    const huge = new FakeTree();
    trees.keep('/huge', 'typescript', 'h'.repeat(600 * 1024), huge);
    expect(trees.size).toBe(0);
    await nextTurn();
    expect([huge.disposed, kept[1]!.disposed, kept[2]!.disposed]).toEqual([1, 1, 1]);
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
