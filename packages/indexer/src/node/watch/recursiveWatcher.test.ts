import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, tempFolder, waitUntil } from '../testing/tempFolder.js';
import { RecursiveWatcher } from './recursiveWatcher.js';
import type { WatchEvent } from './treeWatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempRoot(): string {
  const folder = tempFolder('marie-recursive-');
  cleanups.push(folder.dispose);
  return folder.path;
}

async function watch(root: string): Promise<{ watcher: RecursiveWatcher; seen: WatchEvent[] }> {
  const seen: WatchEvent[] = [];
  const watcher = await RecursiveWatcher.start(root, { skipNames: new Set(['node_modules']), onEvents: (e) => seen.push(...e), onLost: () => undefined, onError: () => undefined });
  expect(watcher, 'the addon (native/build) lacks inotify').toBeDefined();
  cleanups.push(() => watcher!.close());
  return { watcher: watcher!, seen };
}

const waitFor = async (check: () => boolean): Promise<void> => void expect(await waitUntil(check)).toBe(true);

const sawCreate = (seen: WatchEvent[], path: string): boolean => seen.some((e) => e.type === 'create' && e.path === path);

describe.runIf(process.platform === 'linux')('the inotify watcher over a whole tree', () => {
  it('watches every folder but skipped names at any depth, and does not follow symlinks', async () => {
    const root = tempRoot();
    for (const dir of ['a/b', 'a/node_modules/pkg', 'node_modules', 'c']) mkdirSync(join(root, dir), { recursive: true });
    symlinkSync(join(root, 'a'), join(root, 'c/link-to-a'));
    const { watcher, seen } = await watch(root);
    expect(watcher.watchedDirs).toBe(4); // root, a, a/b, c
    writeFileSync(join(root, 'a/node_modules/pkg/x.js'), 'x');
    writeFileSync(join(root, 'a/b/y.ts'), 'y');
    await waitFor(() => sawCreate(seen, join(root, 'a/b/y.ts')));
    await sleep(100);
    expect(seen.filter((e) => e.path.includes('node_modules'))).toEqual([]);
  });

  it('follows new folders, reporting what they held before their watch, and stops at close', async () => {
    const root = tempRoot();
    const { watcher, seen } = await watch(root);
    mkdirSync(join(root, 'new/deep'), { recursive: true });
    writeFileSync(join(root, 'new/deep/early.ts'), 'x');
    await waitFor(() => sawCreate(seen, join(root, 'new/deep/early.ts')));
    await waitFor(() => watcher.watchedDirs === 3);
    writeFileSync(join(root, 'new/deep/late.ts'), 'x');
    await waitFor(() => sawCreate(seen, join(root, 'new/deep/late.ts')));
    expect(seen.find((e) => e.path === join(root, 'new'))).toMatchObject({ type: 'create', isDir: true });
    await watcher.close();
    seen.length = 0;
    writeFileSync(join(root, 'new/after-close.ts'), 'x');
    await sleep(150);
    expect(seen).toEqual([]);
  });

  it('refuses a root it cannot watch', async () => {
    const root = tempRoot();
    await expect(RecursiveWatcher.start(join(root, 'missing'), { skipNames: new Set(), onEvents: () => undefined, onLost: () => undefined, onError: () => undefined })).rejects.toThrow(/cannot watch .*missing/u);
  });

  it('reports a renamed folder\'s later changes under its new path', async () => {
    const root = tempRoot();
    mkdirSync(join(root, 'old/sub'), { recursive: true });
    const { watcher, seen } = await watch(root);
    renameSync(join(root, 'old'), join(root, 'renamed'));
    await waitFor(() => watcher.watchedDirs === 3 && sawCreate(seen, join(root, 'renamed/sub')));
    seen.length = 0;
    writeFileSync(join(root, 'renamed/sub/x.ts'), 'x');
    await waitFor(() => sawCreate(seen, join(root, 'renamed/sub/x.ts')));
    expect(seen.filter((e) => e.path.startsWith(join(root, 'old')))).toEqual([]);
  });
});
