import type { FileChange } from '@marie/protocol';
import { mkdir, mkdtemp, realpath, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileWatcher, isIgnoredChange } from './watcher.js';
import { WorkspaceService } from './workspaceService.js';

let base: string;
let root: string;
let svc: WorkspaceService;
let batches: FileChange[][];
let stopListening: () => void;

/** Waits until the collected changes satisfy `done` (the OS reports asynchronously). */
async function until(done: (all: FileChange[]) => boolean, timeoutMs = 5000): Promise<FileChange[]> {
  const start = Date.now();
  for (;;) {
    const all = batches.flat();
    if (done(all)) return all;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; saw ${JSON.stringify(all.slice(0, 20))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const has = (type: FileChange['type'], path: string) => (all: FileChange[]) => all.some((c) => c.type === type && c.path === path);

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'marie-watch-')));
  root = join(base, 'root');
  await mkdir(root);
  svc = new WorkspaceService({ roots: [root] });
  batches = [];
  stopListening = svc.onDidChangeFiles((c) => batches.push(c)).dispose;
  await svc.whenWatcherReady();
  // Readiness is announced as a change of the root (clients re-check what they hold).
  await until(has('changed', root));
  batches = [];
});
afterEach(async () => {
  stopListening();
  svc.dispose();
  await svc.whenWatcherReady();
  await rm(base, { recursive: true, force: true });
});

// Both backends: our inotify watcher (Linux with the indexer's addon) and @parcel/watcher (elsewhere).
describe.each(['inotify', 'parcel'])('file watcher (%s)', (backend) => {
  beforeAll(() => {
    if (backend === 'parcel') process.env.MARIE_WATCHER = 'parcel';
  });
  afterAll(() => {
    delete process.env.MARIE_WATCHER;
  });

  it('announces that watching started with one change of the root, so changes made while it set up are re-checked', async () => {
    const other = new WorkspaceService({ roots: [root] });
    const seen: FileChange[] = [];
    const sub = other.onDidChangeFiles((c) => seen.push(...c));
    await other.whenWatcherReady();
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([{ type: 'changed', path: root }]);
    sub.dispose();
    other.dispose();
    await other.whenWatcherReady();
  });

  it('reports external adds, changes and deletes', async () => {
    const p = join(root, 'a.txt');
    await writeFile(p, '1');
    await until(has('added', p));
    batches = [];
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(p, '22');
    await until(has('changed', p));
    batches = [];
    await unlink(p);
    await until(has('deleted', p));
  });

  it('coalesces a burst of 1,000 writes into a few batches', async () => {
    const dir = join(root, 'burst');
    await mkdir(dir);
    await until(has('added', dir));
    batches = [];
    const paths = Array.from({ length: 1000 }, (_, i) => join(dir, `f${i}.txt`));
    await Promise.all(paths.map((p) => writeFile(p, 'x')));
    await until((all) => new Set(all.map((c) => c.path)).size >= 1000);
    await new Promise((r) => setTimeout(r, 200));
    const all = batches.flat();
    expect(new Set(all.map((c) => c.path))).toEqual(new Set(paths));
    // Within a batch each path appears once (create + write merged into 'added'); a path
    // can reappear as 'changed' only when its write landed in a later window.
    for (const batch of batches) expect(new Set(batch.map((c) => c.path)).size).toBe(batch.length);
    expect(all.filter((c) => c.type === 'added').length).toBe(1000);
    expect(all.every((c) => c.type === 'added' || c.type === 'changed')).toBe(true);
    expect(batches.length).toBeLessThanOrEqual(10);
  });

  it('ignores .git, node_modules and its own temp files', async () => {
    await mkdir(join(root, '.git'));
    await mkdir(join(root, 'node_modules', 'pkg'), { recursive: true });
    await writeFile(join(root, '.git', 'HEAD'), 'ref');
    await writeFile(join(root, 'node_modules', 'pkg', 'index.js'), '');
    // Nested ones are crawled and watched (only the root's are skipped at the source) but never reported.
    await mkdir(join(root, 'sub', 'node_modules', 'dep'), { recursive: true });
    await mkdir(join(root, 'vendor', 'lib', '.git'), { recursive: true });
    await writeFile(join(root, 'sub', 'node_modules', 'dep', 'index.js'), '');
    await writeFile(join(root, 'vendor', 'lib', '.git', 'HEAD'), 'ref');
    await svc.write({ path: join(root, 'saved.txt'), content: 'via service' });
    await writeFile(join(root, 'marker'), '');
    const all = await until(has('added', join(root, 'marker')));
    expect(all.filter((c) => c.path.includes('.git') || c.path.includes('node_modules') || c.path.endsWith('.marie-tmp'))).toEqual([]);
  });

  it('reports a root it cannot watch, and watches the others', async () => {
    const errors: unknown[] = [];
    const seen: FileChange[] = [];
    const watcher = new FileWatcher({ onChanges: (c) => seen.push(...c), onError: (e) => errors.push(e) });
    await watcher.start([join(base, 'missing'), root]);
    expect(errors).toHaveLength(1);
    await writeFile(join(root, 'still-watched.txt'), '');
    const start = Date.now();
    while (!seen.some((c) => c.path === join(root, 'still-watched.txt')) && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 20));
    await watcher.stop();
    expect(seen.some((c) => c.path === join(root, 'still-watched.txt'))).toBe(true);
  });

  it('follows openFolder to the new root', async () => {
    const other = join(base, 'other');
    await mkdir(other);
    await svc.openFolder({ path: other });
    await svc.whenWatcherReady();
    await writeFile(join(root, 'old-root.txt'), '');
    await writeFile(join(other, 'new-root.txt'), '');
    const all = await until(has('added', join(other, 'new-root.txt')));
    await new Promise((r) => setTimeout(r, 150));
    expect(all.concat(batches.flat()).some((c) => c.path === join(root, 'old-root.txt'))).toBe(false);
  });

  it('stops watching when the last listener leaves', async () => {
    stopListening();
    await svc.whenWatcherReady();
    stopListening = () => undefined;
    await writeFile(join(root, 'unheard.txt'), '');
    await new Promise((r) => setTimeout(r, 300));
    const again: FileChange[][] = [];
    const sub = svc.onDidChangeFiles((c) => again.push(c));
    await svc.whenWatcherReady();
    await writeFile(join(root, 'heard.txt'), '');
    const start = Date.now();
    while (!again.flat().some((c) => c.path === join(root, 'heard.txt')) && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 20));
    sub.dispose();
    // Restarting announces the root again; the file written while nobody listened is not reported.
    expect(again.flat().map((c) => c.path)).toEqual([root, join(root, 'heard.txt')]);
    expect(batches.flat().some((c) => c.path.endsWith('unheard.txt'))).toBe(false);
  });
});

// @parcel/watcher's inotify backend keeps a renamed folder's old path for its later events
// (parcel-bundler/watcher#52): on Linux it is only the fallback when the addon is not built.
describe.runIf(process.platform === 'linux')('file watcher (inotify only)', () => {
  it('reports changes in a renamed folder under its new path', async () => {
    await mkdir(join(root, 'made', 'sub'), { recursive: true });
    await until(has('added', join(root, 'made')));
    await new Promise((r) => setTimeout(r, 100)); // the new folder is watched
    await rename(join(root, 'made'), join(root, 'moved'));
    await until(has('added', join(root, 'moved')));
    await new Promise((r) => setTimeout(r, 100));
    batches = [];
    await writeFile(join(root, 'moved', 'sub', 'deep.txt'), 'x');
    await writeFile(join(root, 'moved', 'top.txt'), 'x');
    const all = await until((c) => has('added', join(root, 'moved', 'sub', 'deep.txt'))(c) && has('added', join(root, 'moved', 'top.txt'))(c));
    expect(all.filter((c) => c.path.includes(`${root}/made`))).toEqual([]);
  });

  it('reports what a new folder holds, even when it was filled before its watch was placed', async () => {
    await mkdir(join(root, 'gen', 'a', 'b'), { recursive: true });
    await writeFile(join(root, 'gen', 'a', 'b', 'out.txt'), 'x');
    await until(has('added', join(root, 'gen', 'a', 'b', 'out.txt')));
    batches = [];
    await writeFile(join(root, 'gen', 'a', 'b', 'out.txt'), 'changed');
    await until(has('changed', join(root, 'gen', 'a', 'b', 'out.txt')));
  });
});

describe('isIgnoredChange', () => {
  it('ignores by segment, not by substring', () => {
    expect(isIgnoredChange('/r', '/r/.git/HEAD')).toBe(true);
    expect(isIgnoredChange('/r', '/r/a/node_modules/x/y.js')).toBe(true);
    expect(isIgnoredChange('/r', '/r/.f.txt.0a1b2c.marie-tmp')).toBe(true);
    expect(isIgnoredChange('/r', '/r/.github/workflows/ci.yml')).toBe(false);
    expect(isIgnoredChange('/r', '/r/my_node_modules.txt')).toBe(false);
  });
});
