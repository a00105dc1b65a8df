import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFolder, waitUntil } from '../testing/tempFolder.js';
import { nativeAddon } from '../../worker/nativeAddon.js';
import { InotifyWatcher, type InotifyAddon } from './inotifyWatcher.js';
import { SharedInotify } from './sharedInotify.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** inotify watches this process holds, as the kernel counts them (/proc/self/fdinfo). */
function kernelWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

function watcherOn(shared: SharedInotify): { watcher: InotifyWatcher; seen: Set<string> } {
  const seen = new Set<string>();
  const watcher = new InotifyWatcher(shared, { onPaths: (paths) => paths.forEach((p) => seen.add(p)), onLost: () => seen.add('lost'), onError: () => undefined });
  cleanups.push(() => watcher.close());
  return { watcher, seen };
}

const waitFor = async (check: () => boolean): Promise<void> => void expect(await waitUntil(check)).toBe(true);

describe.runIf(process.platform === 'linux')('one inotify descriptor shared by several watchers', () => {
  it('holds one kernel watch per folder however many watchers watch it, and routes each event to those that do', async () => {
    const folder = tempFolder('marie-shared-');
    cleanups.push(folder.dispose);
    const root = folder.path;
    mkdirSync(join(root, 'sub'));
    const raw = nativeAddon() as unknown as InotifyAddon | undefined;
    expect(raw?.inotifyStart, 'the addon (native/build) lacks inotify').toBeTypeOf('function');
    const before = kernelWatches();
    const shared = new SharedInotify(raw!);
    const a = watcherOn(shared);
    const b = watcherOn(shared);
    a.watcher.watchDir(root);
    a.watcher.watchDir(join(root, 'sub'));
    b.watcher.watchDir(root);
    expect(kernelWatches() - before).toBe(2);
    expect(shared.watches).toBe(2);

    writeFileSync(join(root, 'sub/only-a.ts'), 'x');
    writeFileSync(join(root, 'both.ts'), 'x');
    await waitFor(() => a.seen.has(join(root, 'both.ts')) && b.seen.has(join(root, 'both.ts')));
    await waitFor(() => a.seen.has(join(root, 'sub/only-a.ts')));
    expect(b.seen.has(join(root, 'sub/only-a.ts'))).toBe(false);

    // The first to close leaves the other's watch in place.
    await a.watcher.close();
    expect(kernelWatches() - before).toBe(1);
    b.seen.clear();
    writeFileSync(join(root, 'after.ts'), 'x');
    await waitFor(() => b.seen.has(join(root, 'after.ts')));

    // A folder deleted while both watch it: the kernel's notice reaches both, then nobody holds it.
    const c = watcherOn(shared);
    c.watcher.watchDir(join(root, 'sub'));
    b.watcher.watchDir(join(root, 'sub'));
    expect(shared.watches).toBe(2);
    rmSync(join(root, 'sub'), { recursive: true });
    await waitFor(() => shared.watches === 1 && b.watcher.watchedDirs === 1 && c.watcher.watchedDirs === 0);

    await b.watcher.close();
    await c.watcher.close();
    expect(kernelWatches()).toBe(before);
  });
});
