import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, tempFolder, waitUntil } from '../testing/tempFolder.js';
import { InotifyWatcher, inotifyAddon } from './inotifyWatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempRoot(): string {
  const folder = tempFolder('marie-inotify-');
  cleanups.push(folder.dispose);
  return folder.path;
}

function watcherOn(): { watcher: InotifyWatcher; seen: string[]; errors: Error[] } {
  const addon = inotifyAddon();
  expect(addon, 'the addon (native/build) lacks inotify: Linux uses @parcel/watcher and crawls the tree twice at start').toBeDefined();
  const seen: string[] = [];
  const errors: Error[] = [];
  const watcher = new InotifyWatcher(addon!, { onPaths: (paths) => seen.push(...paths), onLost: () => seen.push('lost'), onError: (e) => errors.push(e) });
  cleanups.push(() => watcher.close());
  return { watcher, seen, errors };
}


describe.runIf(process.platform === 'linux')('the walk-placed inotify watcher', () => {
  it('reports creates, writes and deletes in the folders it was given, and nothing from others', async () => {
    const root = tempRoot();
    for (const dir of ['src', 'unwalked']) mkdirSync(join(root, dir));
    writeFileSync(join(root, 'src/old.ts'), 'x');
    const { watcher, seen } = watcherOn();
    watcher.watchDir(root);
    watcher.watchDir(join(root, 'src'));
    watcher.watchDir(join(root, 'src')); // again, as a rescan does: one watch
    expect(watcher.watchedDirs).toBe(2);
    writeFileSync(join(root, 'unwalked/a.ts'), 'x');
    writeFileSync(join(root, 'src/a.ts'), 'x');
    rmSync(join(root, 'src/old.ts'));
    mkdirSync(join(root, 'src/new'));
    writeFileSync(join(root, 'top.ts'), 'x');
    await waitUntil(() => seen.includes(join(root, 'top.ts')));
    await sleep(100);
    expect(new Set(seen)).toEqual(new Set([join(root, 'src/a.ts'), join(root, 'src/old.ts'), join(root, 'src/new'), join(root, 'top.ts')]));
    // A new folder is reported, not watched: the index's walk of it watches it.
    expect(watcher.watchedDirs).toBe(2);
  });

  it('drops, after a walk of the whole tree, the watches that walk did not place again', async () => {
    const root = tempRoot();
    for (const dir of ['kept', 'now-ignored', 'now-ignored/deep']) mkdirSync(join(root, dir));
    const { watcher, seen } = watcherOn();
    for (const dir of ['', 'kept', 'now-ignored', 'now-ignored/deep']) watcher.watchDir(join(root, dir));
    const dropUnwalked = watcher.beginFullWalk();
    for (const dir of ['', 'kept']) watcher.watchDir(join(root, dir));
    expect(watcher.watchedDirs).toBe(4); // nothing dropped until the walk has completed
    dropUnwalked();
    expect(watcher.watchedDirs).toBe(2);
    writeFileSync(join(root, 'now-ignored/deep/a.ts'), 'x');
    writeFileSync(join(root, 'kept/b.ts'), 'x');
    await waitUntil(() => seen.includes(join(root, 'kept/b.ts')));
    await sleep(100);
    expect(new Set(seen)).toEqual(new Set([join(root, 'kept/b.ts')]));
  });

  it('forgets a moved folder and its subfolders, and reports the changes under its new path once walked again', async () => {
    const root = tempRoot();
    mkdirSync(join(root, 'a/deep'), { recursive: true });
    mkdirSync(join(root, 'other'));
    const { watcher, seen } = watcherOn();
    for (const dir of ['', 'a', 'a/deep', 'other']) watcher.watchDir(join(root, dir));
    expect(watcher.watchedDirs).toBe(4);
    renameSync(join(root, 'a'), join(root, 'b'));
    await waitUntil(() => seen.includes(join(root, 'b')) && watcher.watchedDirs === 2);
    expect(seen).toContain(join(root, 'a'));
    expect(seen).toContain(join(root, 'b'));
    expect(watcher.watchedDirs).toBe(2);
    // The stale watch would have said a/deep/x.ts.
    seen.length = 0;
    writeFileSync(join(root, 'b/deep/x.ts'), 'x');
    await sleep(150);
    expect(seen).toEqual([]);
    watcher.watchDir(join(root, 'b'));
    watcher.watchDir(join(root, 'b/deep'));
    writeFileSync(join(root, 'b/deep/y.ts'), 'x');
    await waitUntil(() => seen.length > 0);
    expect(new Set(seen)).toEqual(new Set([join(root, 'b/deep/y.ts')]));
  });

  it('reports a folder reached through a symlink under both of its paths', async () => {
    const root = tempRoot();
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    const { watcher, seen } = watcherOn();
    watcher.watchDir(join(root, 'real'));
    watcher.watchDir(join(root, 'link'));
    expect(watcher.watchedDirs).toBe(1);
    writeFileSync(join(root, 'real/a.ts'), 'x');
    await waitUntil(() => seen.length >= 2);
    expect(new Set(seen)).toEqual(new Set([join(root, 'real/a.ts'), join(root, 'link/a.ts')]));
  });

  it('ignores folders that cannot be watched and delivers nothing after close', async () => {
    const root = tempRoot();
    const { watcher, seen, errors } = watcherOn();
    watcher.watchDir(join(root, 'missing'));
    watcher.watchDir(`${root}\0/x`);
    watcher.watchDir(root);
    expect(watcher.watchedDirs).toBe(1);
    await watcher.close();
    watcher.watchDir(root);
    writeFileSync(join(root, 'after.ts'), 'x');
    await sleep(200);
    expect(seen).toEqual([]);
    expect(errors).toEqual([]);
    expect(watcher.watchedDirs).toBe(0);
  });

  it('asks for a rescan when the kernel reports lost events', () => {
    // The kernel's queue (16k events) is drained by the addon's own thread, so an overflow
    // cannot be caused here: this fake addon hands the watcher the kernel's overflow record.
    let deliver: (records: Buffer) => void = () => undefined;
    const fakeInotifyAddon = {
      inotifyStart: (onRecords: (records: Buffer) => void) => ((deliver = onRecords), {}),
      inotifyAdd: () => 1,
      inotifyRemove: () => undefined,
      inotifyStop: () => undefined,
    };
    const seen: string[] = [];
    const watcher = new InotifyWatcher(fakeInotifyAddon, { onPaths: (paths) => seen.push(...paths), onLost: () => seen.push('lost'), onError: () => seen.push('error') });
    watcher.watchDir('/w');
    const record = (wd: number, mask: number, name: string): Buffer => {
      const padded = Buffer.alloc(name ? Math.ceil((name.length + 1) / 16) * 16 : 0);
      padded.write(name);
      const head = Buffer.alloc(16);
      head.writeInt32LE(wd, 0);
      head.writeUInt32LE(mask, 4);
      head.writeUInt32LE(padded.length, 12);
      return Buffer.concat([head, padded]);
    };
    deliver(Buffer.concat([record(1, 0x2, 'a.ts'), record(-1, 0x4000, ''), record(7, 0x2, 'unknown.ts')]));
    expect(seen).toEqual(['lost', '/w/a.ts']);
  });

  it('reports the system watch limit once and keeps watching what it could', () => {
    let calls = 0;
    const fakeInotifyAddon = {
      inotifyStart: () => ({}),
      // The kernel answers ENOSPC past fs.inotify.max_user_watches.
      inotifyAdd: () => (++calls <= 1 ? 1 : -28),
      inotifyRemove: () => undefined,
      inotifyStop: () => undefined,
    };
    const errors: Error[] = [];
    const watcher = new InotifyWatcher(fakeInotifyAddon, { onPaths: () => undefined, onLost: () => undefined, onError: (e) => errors.push(e) });
    for (const dir of ['/w', '/w/a', '/w/b']) watcher.watchDir(dir);
    expect(watcher.watchedDirs).toBe(1);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('max_user_watches')]);
  });
});
