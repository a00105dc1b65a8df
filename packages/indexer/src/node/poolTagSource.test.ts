import { afterEach, describe, expect, it } from 'vitest';
import { ParsePool } from './parsePool.js';
import { PoolTagSource } from './poolTagSource.js';
import { TempWorkspace } from './testing/tempWorkspace.js';
import { WorkspaceIndex } from './workspaceIndex.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the index on the real parse pool', () => {
  it('extracts definitions, containers and references through tree-sitter', async () => {
    const ws = new TempWorkspace({
      'src/editor.ts': 'export class Editor {\n  goToDefinition(name: string) {\n    return render(name);\n  }\n}\nexport function render(x: string) {\n  return x;\n}\n',
      'tools/build.py': 'class Builder:\n    def run(self):\n        compile_all()\n\ndef compile_all():\n    pass\n',
      'notes.md': '# not code\n',
    });
    cleanups.push(() => ws.dispose());
    const pool = new ParsePool({ workers: 1 });
    cleanups.push(() => pool.close());
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new PoolTagSource(pool, 'test'), indexDir: ws.indexDir, watch: false });
    cleanups.push(() => index.close());
    await index.whenIdle();
    expect(index.status().lastError).toBeUndefined();
    const gtd = index.searchSymbols('gTD').items[0];
    expect(gtd).toMatchObject({ name: 'goToDefinition', kind: 'method', container: 'Editor', relativePath: 'src/editor.ts' });
    expect(index.findDefinitions('compile_all').items.map((d) => d.relativePath)).toEqual(['tools/build.py']);
    expect(index.findReferences('render').items.map((r) => r.relativePath)).toContain('src/editor.ts');
    expect(index.outline(ws.path('tools/build.py')).map((n) => [n.name, n.children.map((c) => c.name)])).toEqual([
      ['Builder', ['run']],
      ['compile_all', []],
    ]);
    // An edit is queryable as soon as updateFile resolves.
    await index.updateFile(ws.path('src/editor.ts'), 'export function renamedThing() {}\n');
    expect(index.findDefinitions('renamedThing').items.length).toBe(1);
  }, 60_000);

  it('loads the languages of the most common file types in every worker once a live index is ready', async () => {
    const ws = new TempWorkspace({ 'a.ts': 'export const a = 1;\n', 'b.ts': 'export const b = 2;\n', 'c.py': 'x = 1\n', 'd.md': '# notes\n' });
    cleanups.push(() => ws.dispose());
    const pool = new ParsePool({ workers: 2 });
    cleanups.push(() => pool.close());
    // Live (watching): a one-shot index without a watcher has no editor saves to warm up for.
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new PoolTagSource(pool, 'test'), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    // Three files parsed, then the warm-up, after idle: one file per language (TypeScript,
    // Python; Markdown has none) in each of the two workers, and only once.
    await expect.poll(() => pool.stats().completed, { timeout: 20_000 }).toBe(3 + 2 * 2);
    const built = pool.stats().completed;
    expect(pool.stats().pending).toBe(0);
    await index.updateFile(ws.path('a.ts'), 'export function later() {}\n');
    expect(pool.stats().completed).toBe(built + 1);
    expect(index.findDefinitions('later').items.length).toBe(1);
  }, 60_000);

  it('warms up a one-shot index only when asked, and only once', async () => {
    const ws = new TempWorkspace({ 'a.ts': 'export const a = 1;\n', 'c.py': 'x = 1\n' });
    cleanups.push(() => ws.dispose());
    const pool = new ParsePool({ workers: 2 });
    cleanups.push(() => pool.close());
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new PoolTagSource(pool, 'test'), indexDir: ws.indexDir, watch: false });
    cleanups.push(() => index.close());
    await index.whenIdle();
    // Not watching: nothing runs by itself after the two files.
    await new Promise((r) => setTimeout(r, 300));
    expect(pool.stats().completed).toBe(2);
    await index.warmUp();
    expect(pool.stats().completed).toBe(2 + 2 * 2);
    await index.warmUp();
    expect(pool.stats().completed).toBe(2 + 2 * 2);
  }, 60_000);
});
