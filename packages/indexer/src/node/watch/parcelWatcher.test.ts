import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ParcelWatcher } from './parcelWatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('reports changes in the tree but none from the folders it skips or from .git', async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'marie-watch-')));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  for (const dir of ['src', 'node_modules/pkg', '.git', 'build/out']) mkdirSync(join(root, dir), { recursive: true });
  const seen: string[] = [];
  const watcher = await ParcelWatcher.start([{ path: root, skip: ['node_modules', 'build/out'], above: [] }], { onPaths: (paths) => seen.push(...paths), onLost: () => seen.push('lost'), onError: () => seen.push('error') });
  cleanups.push(() => watcher.close());
  writeFileSync(join(root, 'node_modules/pkg/index.js'), 'x');
  writeFileSync(join(root, 'build/out/a.js'), 'x');
  writeFileSync(join(root, '.git/HEAD'), 'x');
  writeFileSync(join(root, 'build/kept.js'), 'x');
  writeFileSync(join(root, 'src/a.ts'), 'x');
  const deadline = Date.now() + 5_000;
  while (!(seen.includes(join(root, 'src/a.ts')) && seen.includes(join(root, 'build/kept.js'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // Events come in order per directory, but give the skipped ones time to show up, were they watched.
  await new Promise((r) => setTimeout(r, 300));
  expect(seen).toContain(join(root, 'src/a.ts'));
  expect(seen).toContain(join(root, 'build/kept.js'));
  expect(seen.filter((p) => p.includes('node_modules') || p.includes('build/out') || p.includes('.git'))).toEqual([]);
});
