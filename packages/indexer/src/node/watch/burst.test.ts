import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixedTagsForTests } from '../testing/fixedTagsForTests.js';
import { TempWorkspace } from '../testing/tempWorkspace.js';
import { WorkspaceIndex } from '../workspaceIndex.js';
import { InotifyWatcher, inotifyAddon } from './inotifyWatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
}, 60_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function settle(index: WorkspaceIndex, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await sleep(300); // longer than the watcher's own latency plus our coalescing
    await index.whenIdle();
    if (check()) return;
    if (Date.now() > end) throw new Error('did not converge');
  }
}

// Both watchers: the walk-placed inotify one (Linux's default) and @parcel/watcher (elsewhere).
describe.each(['inotify', 'parcel'])('keeping current with the watcher (%s)', (backend) => {
  beforeAll(() => {
    if (backend === 'parcel') process.env.MARIE_WATCHER = 'parcel';
  });
  afterAll(() => {
    delete process.env.MARIE_WATCHER;
  });

  it('converges to the exact index after 10,000 files change at once', async () => {
    const N = 10_000;
    const files: Record<string, string> = {};
    for (let i = 0; i < N; i++) files[`src/d${i % 100}/file${i}.ts`] = `function old${i}() {\n}\n`;
    files['gone/a.ts'] = 'function inGoneDir() {\n}\n';
    const ws = new TempWorkspace(files);
    cleanups.push(() => ws.dispose());
    const tags = new FixedTagsForTests();
    const index = await WorkspaceIndex.open([ws.root], { tagSource: tags, indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    expect(index.status().files).toBe(N + 1);
    const parsedBefore = tags.parsed.length;

    // A branch switch: 8,000 files rewritten, 1,000 deleted, 1,000 added in a new folder,
    // a folder deleted and another renamed.
    const changed: Record<string, string> = {};
    for (let i = 0; i < 8000; i++) changed[`src/d${i % 100}/file${i}.ts`] = `function new${i}() {\n}\n`;
    for (let j = 0; j < 1000; j++) changed[`added/n${j % 10}/add${j}.ts`] = `function added${j}() {\n}\n`;
    ws.write(changed);
    for (let i = 8000; i < 9000; i++) rmSync(ws.path(`src/d${i % 100}/file${i}.ts`));
    rmSync(ws.path('gone'), { recursive: true });
    renameSync(ws.path('src/d99'), ws.path('src/renamed99'));

    const expectedFiles = N - 1000 + 1000; // minus deleted, plus added; 'gone' had 1 file
    await settle(index, () => index.status().files === expectedFiles && index.findDefinitions('new7999').items.length === 1 && index.findDefinitions('added999').items.length === 1, 60_000);

    // Exactly right, file by file.
    const wrong: string[] = [];
    for (let i = 0; i < N; i++) {
      const dir = i % 100 === 99 ? 'renamed99' : `d${i % 100}`;
      const news = index.findDefinitions(`new${i}`).items.map((d) => d.relativePath);
      const olds = index.findDefinitions(`old${i}`).items.map((d) => d.relativePath);
      const expectNew = i < 8000 ? [`src/${dir}/file${i}.ts`] : [];
      const expectOld = i >= 9000 ? [`src/${dir}/file${i}.ts`] : [];
      if (JSON.stringify(news) !== JSON.stringify(expectNew) || JSON.stringify(olds) !== JSON.stringify(expectOld)) wrong.push(`${i}: new=${news} old=${olds}`);
    }
    for (let j = 0; j < 1000; j++) {
      const got = index.findDefinitions(`added${j}`).items.map((d) => d.relativePath);
      if (JSON.stringify(got) !== JSON.stringify([`added/n${j % 10}/add${j}.ts`])) wrong.push(`added${j}: ${got}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(index.findDefinitions('inGoneDir').items).toEqual([]);
    expect(index.quickOpen('renamed99 file199').items[0]?.relativePath).toBe('src/renamed99/file199.ts');

    // Find in files agrees: no stale text.
    let oldHits = 0;
    for await (const e of index.findInFiles({ pattern: 'function old', maxResults: 1e9 })) if (e.type === 'file') oldHits += e.matches.length;
    expect(oldHits).toBe(1000);

    // No thrash: each new content parsed about once (renamed files keep their content).
    const reparsed = tags.parsed.length - parsedBefore;
    expect(reparsed).toBeGreaterThanOrEqual(9000);
    expect(reparsed).toBeLessThan(9000 * 1.1);
  }, 180_000);

  it('picks up a single edit within a fraction of a second', async () => {
    const ws = new TempWorkspace({ 'a.ts': 'function before() {\n}\n' });
    cleanups.push(() => ws.dispose());
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    ws.write({ 'a.ts': 'function after() {\n}\n' });
    const t0 = Date.now();
    while (index.findDefinitions('after').items.length === 0) {
      if (Date.now() - t0 > 5000) throw new Error('not picked up');
      await sleep(10);
    }
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(index.findDefinitions('before').items).toEqual([]);
  });

  it('indexes every change made while a live index opens (events before the store is open wait for it)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`src/d${i % 20}/f${i}.ts`] = `function v0_${i}() {\n}\n`;
    const ws = new TempWorkspace(files);
    cleanups.push(() => ws.dispose());
    // Writes before, during and after the opening: each file's last version must be indexed.
    const opening = WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    const last = new Map<number, number>();
    let opened = false;
    void opening.then(() => (opened = true), () => (opened = true));
    for (let round = 1; round <= 40 && !(opened && round > 20); round++) {
      const i = (round * 37) % 2000;
      ws.write({ [`src/d${i % 20}/f${i}.ts`]: `function v${round}_${i}() {\n}\n` });
      last.set(i, round);
      await sleep(15);
    }
    const index = await opening;
    cleanups.push(() => index.close());
    const current = (): boolean => [...last].every(([i, round]) => index.findDefinitions(`v${round}_${i}`).items.length === 1);
    await settle(index, current, 20_000);
    for (const [i, round] of last) {
      expect(index.findDefinitions(`v${round}_${i}`).items.map((d) => d.relativePath)).toEqual([`src/d${i % 20}/f${i}.ts`]);
      if (round > 1) expect(index.findDefinitions(`v${round - 1}_${i}`).items).toEqual([]);
    }
    expect(index.status().files).toBe(2000);
  });

  it('follows a real git branch switch back and forth, file for file', async () => {
    // main: 3,000 files; feature: 1,000 of them rewritten, 1,000 deleted, 1,000 added in a
    // new folder, one folder renamed. `git checkout` writes them as git does.
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`src/d${i % 30}/f${i}.ts`] = `function onMain${i}() {\n}\n`;
    const ws = new TempWorkspace(files);
    cleanups.push(() => ws.dispose());
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.autocrlf=false', ...args], { cwd: ws.root, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'main');
    git('checkout', '-q', '-b', 'feature');
    const changed: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) changed[`src/d${i % 30}/f${i}.ts`] = `function onFeature${i}() {\n}\n`;
    for (let j = 0; j < 1000; j++) changed[`added/a${j % 10}/n${j}.ts`] = `function added${j}() {\n}\n`;
    ws.write(changed);
    for (let i = 1000; i < 2000; i++) ws.remove(`src/d${i % 30}/f${i}.ts`);
    renameSync(ws.path('src/d29'), ws.path('src/moved29'));
    git('add', '-A');
    git('commit', '-qm', 'feature');
    git('checkout', '-q', 'main');

    const index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    /** Every tracked file's definition where git put it, and nothing else. */
    const matchesCheckout = (): boolean => {
      const tracked = git('ls-files').split('\n').filter(Boolean);
      if (index.status().files !== tracked.length) return false;
      for (const rel of tracked) {
        const name = /function (\w+)/u.exec(readFileSync(ws.path(rel), 'utf8'))![1]!;
        if (index.findDefinitions(name).items.map((d) => d.relativePath).join() !== rel) return false;
      }
      return true;
    };
    expect(matchesCheckout()).toBe(true);
    git('checkout', '-q', 'feature');
    await settle(index, matchesCheckout, 60_000);
    expect(index.findDefinitions('onMain0').items).toEqual([]);
    expect(index.findDefinitions('onMain1500').items).toEqual([]);
    git('checkout', '-q', 'main');
    await settle(index, matchesCheckout, 60_000);
    expect(index.findDefinitions('added0').items).toEqual([]);
    expect(index.findDefinitions('onMain29').items.map((d) => d.relativePath)).toEqual(['src/d29/f29.ts']);
  }, 180_000);

  it('sees an edit to the ignore files above the root, when the root is a folder of a repository', async () => {
    const ws = new TempWorkspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': '',
      '.gitignore': 'dist/\n',
      'pkg/a.ts': 'function a() {\n}\n',
      'pkg/dist/d.ts': 'function built1() {\n}\n',
      'pkg/local/l.ts': 'function local1() {\n}\n',
    });
    cleanups.push(() => ws.dispose());
    const index = await WorkspaceIndex.open([ws.path('pkg')], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    const found = (name: string): number => index.findDefinitions(name).items.length;
    expect([found('a'), found('built1'), found('local1')]).toEqual([1, 0, 1]);
    ws.write({ '.gitignore': '' });
    await settle(index, () => found('built1') === 1, 10_000);
    ws.write({ '.git/info/exclude': 'local/\n' });
    await settle(index, () => found('local1') === 0, 10_000);
    ws.write({ '.ignore': 'dist/\n' });
    await settle(index, () => found('built1') === 0, 10_000);
    expect(found('a')).toBe(1);
  });

  it('sees a repository made above the root, and removed again', async () => {
    const ws = new TempWorkspace({ '.gitignore': 'dist/\n', 'pkg/a.ts': 'function a() {\n}\n', 'pkg/dist/d.ts': 'function built1() {\n}\n' });
    cleanups.push(() => ws.dispose());
    const index = await WorkspaceIndex.open([ws.path('pkg')], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    const found = (name: string): number => index.findDefinitions(name).items.length;
    // In no repository the .gitignore above does not decide (as with git and ripgrep).
    expect([found('a'), found('built1')]).toEqual([1, 1]);
    ws.write({ '.git/HEAD': 'ref: refs/heads/main\n' }); // what `git init` makes first
    await settle(index, () => found('built1') === 0, 10_000);
    rmSync(ws.path('.git'), { recursive: true, force: true });
    await settle(index, () => found('built1') === 1, 10_000);
    expect(found('a')).toBe(1);
  });

  it('indexes a folder once .gitignore stops ignoring it, and keeps it current', async () => {
    const ws = new TempWorkspace({ '.gitignore': 'gen/\n', 'a.ts': 'function a() {\n}\n', 'gen/g.ts': 'function generated1() {\n}\n' });
    cleanups.push(() => ws.dispose());
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    const where = (name: string): string[] => index.findDefinitions(name).items.map((d) => d.relativePath);
    expect(where('generated1')).toEqual([]);
    ws.write({ '.gitignore': '' });
    await settle(index, () => where('generated1').length === 1, 10_000);
    ws.write({ 'gen/g.ts': 'function generated2() {\n}\n' });
    await settle(index, () => where('generated2').length === 1, 10_000);
    expect(where('generated1')).toEqual([]);
  });
});

// @parcel/watcher's inotify backend keeps a renamed folder's old path for its later events
// (parcel-bundler/watcher#52): on Linux it is only the fallback when the addon is not built.
describe.runIf(process.platform === 'linux')('keeping current with the walk-placed watcher (inotify)', () => {
  it('keeps a new folder current after it is renamed', async () => {
    const ws = new TempWorkspace({ 'a.ts': 'function a() {\n}\n' });
    cleanups.push(() => ws.dispose());
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    const where = (name: string): string[] => index.findDefinitions(name).items.map((d) => d.relativePath);
    ws.write({ 'made/sub/m.ts': 'function made1() {\n}\n' });
    await settle(index, () => where('made1').length === 1, 10_000);
    renameSync(ws.path('made'), ws.path('moved'));
    await settle(index, () => where('made1')[0] === 'moved/sub/m.ts', 10_000);
    // Edits inside the renamed folder, deep and shallow, are seen under the new path.
    ws.write({ 'moved/sub/m.ts': 'function made2() {\n}\n', 'moved/n.ts': 'function made3() {\n}\n' });
    await settle(index, () => where('made2').length === 1 && where('made3').length === 1, 10_000);
    expect(where('made2')).toEqual(['moved/sub/m.ts']);
    expect(where('made3')).toEqual(['moved/n.ts']);
    expect(where('made1')).toEqual([]);
  });

  it('sees a change to .git/info/exclude, though .git is never walked', async () => {
    const ws = new TempWorkspace({ '.git/info/exclude': '', '.git/HEAD': 'ref: refs/heads/main\n', 'a.ts': 'function a() {\n}\n', 'local/l.ts': 'function local1() {\n}\n' });
    cleanups.push(() => ws.dispose());
    const index = await WorkspaceIndex.open([ws.root], { tagSource: new FixedTagsForTests(), indexDir: ws.indexDir, watch: true });
    cleanups.push(() => index.close());
    await index.whenIdle();
    expect(index.findDefinitions('local1').items).toHaveLength(1);
    ws.write({ '.git/info/exclude': 'local/\n' });
    await settle(index, () => index.findDefinitions('local1').items.length === 0, 10_000);
    expect(index.findDefinitions('a').items).toHaveLength(1);
  });

  it('stops watching folders that became ignored', async () => {
    // A repository's top: no folder above it is watched, so the count is the root's folders.
    const ws = new TempWorkspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'a.ts': 'function a() {\n}\n', 'gen/g.ts': 'function generated1() {\n}\n', 'gen/sub/s.ts': 'function generated2() {\n}\n' });
    cleanups.push(() => ws.dispose());
    let watcher: InotifyWatcher | undefined;
    const index = await WorkspaceIndex.open([ws.root], {
      tagSource: new FixedTagsForTests(),
      indexDir: ws.indexDir,
      watch: true,
      startWatcher: (_roots, callbacks) => Promise.resolve((watcher = new InotifyWatcher(inotifyAddon()!, callbacks))),
    });
    cleanups.push(() => index.close());
    await index.whenIdle();
    expect(watcher!.watchedDirs).toBe(3);
    ws.write({ '.gitignore': 'gen/\n' });
    await settle(index, () => index.findDefinitions('generated1').items.length === 0, 10_000);
    expect(watcher!.watchedDirs).toBe(1);
    expect(index.findDefinitions('generated2').items).toEqual([]);
  });

  it('says when the system watch limit leaves folders unwatched, and follows those it watches', async () => {
    // A repository's top, so the one folder watched is the root, not one above it.
    const ws = new TempWorkspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'a.ts': 'function a1() {\n}\n', 'sub/b.ts': 'function b1() {\n}\n', 'sub/deeper/c.ts': 'function c1() {\n}\n' });
    cleanups.push(() => ws.dispose());
    // The real addon, but the kernel's ENOSPC past one folder, as with a low
    // fs.inotify.max_user_watches (a machine-wide setting no test may lower).
    const real = inotifyAddon()!;
    let added = 0;
    const limitedAddon = {
      inotifyStart: (onRecords: (records: Buffer) => void) => real.inotifyStart(onRecords),
      inotifyAdd: (watcher: object, dir: string) => (++added <= 1 ? real.inotifyAdd(watcher, dir) : -28),
      inotifyRemove: (watcher: object, wd: number) => real.inotifyRemove(watcher, wd),
      inotifyStop: (watcher: object) => real.inotifyStop(watcher),
    };
    const index = await WorkspaceIndex.open([ws.root], {
      tagSource: new FixedTagsForTests(),
      indexDir: ws.indexDir,
      watch: true,
      startWatcher: (_roots, callbacks) => Promise.resolve(new InotifyWatcher(limitedAddon, callbacks)),
    });
    cleanups.push(() => index.close());
    await index.whenIdle();
    expect(index.status().watchProblem).toMatch(/watch limit reached at 1 folder \(fs\.inotify\.max_user_watches\)/u);
    expect(index.findDefinitions('c1').items).toHaveLength(1);
    ws.write({ 'a.ts': 'function a2() {\n}\n' });
    await settle(index, () => index.findDefinitions('a2').items.length === 1, 10_000);
  });
});
