import { createMemoryTransportPair, ErrorCode, indexContract, RpcClient, workspaceContract, type IndexStatus, type TextMatch } from '@marie/protocol';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host, type HostOptions } from '../startHost.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SOURCE: Record<string, string> = {
  'src/editor.ts': 'export class Editor {\n  goToDefinition(name: string) {\n    return render(name);\n  }\n}\nexport function render(x: string) {\n  return x;\n}\n',
  'src/util/strings.ts': 'export function trimEnd(s: string) {\n  return s.trimEnd();\n}\n',
  'tools/build.py': 'class Builder:\n    def run(self):\n        render()\n',
  'node_modules/dep/index.js': 'function render() {}\n',
  'README.md': 'Editor docs: render jumps.\n',
};

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A host over the in-memory transport on a real folder, with one real parse worker. */
async function start(files: Record<string, string>, index: HostOptions['index'] = {}) {
  const base = tempDir('marie-index-');
  const root = join(base, 'project');
  writeTree(root, files);
  const host = await createHost({
    roots: [root],
    userDataDir: join(base, 'user'),
    policy: { engine: { env: { MARIE_POLICY_ROOT: join(base, 'no-policy') }, watch: false } },
    index: { indexDir: join(base, 'cache'), workers: 1, watch: false, startDelayMs: -1, ...index },
  });
  cleanups.push(() => (host.dispose(), host.index.close()));
  const [hostEnd, clientEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  const client = new RpcClient(clientEnd);
  cleanups.push(() => client.dispose());
  return { base, root, host, index: client.getProxy(indexContract), workspace: client.getProxy(workspaceContract) };
}

async function idle(host: Host): Promise<void> {
  await (await host.index.current())?.whenIdle();
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );
}

/** OS threads of this process (Linux): parse workers are real threads. */
function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** The thread count once threads of earlier tests have finished exiting. */
async function settledThreadCount(): Promise<number> {
  let last = threadCount();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = threadCount();
    if (now === last) return now;
    last = now;
  }
  return last;
}

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('the index channel of the host', () => {
  it('answers every search with absolute paths and zero-based positions', async () => {
    const { root, host, index } = await start(SOURCE);
    await idle(host);
    const files = await index.findFiles({ query: 'edts' });
    expect(files.partial).toBe(false);
    expect(files.results[0]?.path).toBe(join(root, 'src/editor.ts'));
    // Highlights index into the absolute path on the wire.
    const hit = files.results[0]!;
    expect(hit.positions.map((p) => hit.path[p]).join('')).toBe('edts');
    // node_modules is excluded by default.
    expect((await index.findFiles({ query: 'index.js' })).results).toEqual([]);

    const symbols = await index.findSymbols({ query: 'gTD' });
    expect(symbols.results[0]).toEqual({
      name: 'goToDefinition',
      kind: 'method',
      path: join(root, 'src/editor.ts'),
      range: { startLine: 1, startColumn: 2, endLine: 1, endColumn: 16 },
      container: 'Editor',
    });
    expect((await index.findSymbols({ query: 'Ed', kinds: ['class'] })).results.map((s) => s.name)).toEqual(['Editor']);
    expect((await index.definitions({ name: 'render' })).results.map((d) => [d.path, d.range.startLine])).toEqual([[join(root, 'src/editor.ts'), 5]]);
    const refs = (await index.references({ name: 'render' })).results.map((r) => `${r.path.slice(root.length + 1)}:${r.range.startLine}`);
    expect(refs.sort()).toEqual(['src/editor.ts:2', 'tools/build.py:2']);

    const outline = await index.outline({ path: join(root, 'tools/build.py') });
    expect(outline.map((n) => [n.name, n.kind, n.path, n.fullRange.startLine, n.children.map((c) => `${c.name}@${c.range.startLine}`)])).toEqual([
      ['Builder', 'class', join(root, 'tools/build.py'), 0, ['run@1']],
    ]);

    const status = await index.status({});
    expect(status).toMatchObject({ phase: 'ready', files: 4, quarantined: 0, etaMs: 0 });
    // Editor, goToDefinition, render, trimEnd, Builder, run.
    expect(status.symbols).toBe(6);
  }, 60_000);

  it('streams find-in-files matches, settles with a summary, honours the cap and refuses bad patterns', async () => {
    const { root, host, index } = await start(SOURCE);
    await idle(host);
    const streamed: TextMatch[] = [];
    index.onDidFindText((e) => e.searchId === 'a' && streamed.push(...e.matches));
    const summary = await index.searchText({ searchId: 'a', pattern: 'render', wholeWord: true });
    expect(summary).toMatchObject({ searchId: 'a', total: 4, files: 3, limitHit: false, partial: false });
    expect(streamed.map((m) => `${m.path.slice(root.length + 1)}:${m.line}:${m.column}:${m.length}`).sort()).toEqual([
      'README.md:0:13:6',
      'src/editor.ts:2:11:6',
      'src/editor.ts:5:16:6',
      'tools/build.py:2:8:6',
    ]);
    expect(streamed.find((m) => m.path.endsWith('README.md'))?.preview).toContain('Editor docs: render jumps.');

    const onlyPython = await index.searchText({ searchId: 'py', pattern: 'render', include: ['*.py'] });
    const notPython = await index.searchText({ searchId: 'np', pattern: 'render', exclude: ['*.py'] });
    expect([onlyPython.total, notPython.total]).toEqual([1, 3]);
    const capped = await index.searchText({ searchId: 'b', pattern: 'RENDER', maxResults: 2 });
    expect(capped).toMatchObject({ total: 2, limitHit: true });
    expect(await codeOf(index.searchText({ searchId: 'c', pattern: 'a(b', regex: true }))).toBe(ErrorCode.InvalidInput);
    expect(await codeOf(index.findSymbols({ query: 'x', kinds: ['gizmo'] }))).toBe(ErrorCode.InvalidInput);
  }, 60_000);

  it('stops a search when the client cancels it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`gen/f${String(i).padStart(4, '0')}.txt`] = 'needle\n'.repeat(20);
    const { host, index } = await start(files);
    await idle(host);
    const abort = new AbortController();
    let streamed = 0;
    index.onDidFindText((e) => {
      streamed += e.matches.length;
      abort.abort();
    });
    expect(await codeOf(index.searchText({ searchId: 'big', pattern: 'needle', maxResults: 100_000 }, abort.signal))).toBe(ErrorCode.Cancelled);
    await new Promise((r) => setTimeout(r, 300));
    // 30,000 matches exist; the host stopped before sending them all (how early depends on
    // how busy the machine is: the cancel message queues behind batches already sent).
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThan(30_000);
  }, 60_000);

  it('refuses paths outside the root with the workspace codes', async () => {
    const { base, root, index } = await start(SOURCE);
    writeFileSync(join(base, 'secret.ts'), 'export const key = 1;\n');
    symlinkSync(join(base, 'secret.ts'), join(root, 'escape.ts'));
    expect(await codeOf(index.outline({ path: join(base, 'secret.ts') }))).toBe(ErrorCode.PathOutsideRoot);
    expect(await codeOf(index.outline({ path: `${root}/../secret.ts` }))).toBe(ErrorCode.PathInvalid);
    expect(await codeOf(index.outline({ path: 'src/editor.ts' }))).toBe(ErrorCode.PathInvalid);
    expect(await codeOf(index.outline({ path: join(root, 'escape.ts') }))).toBe(ErrorCode.SymlinkEscape);
    expect(await codeOf(index.recordOpened({ path: '/etc/passwd' }))).toBe(ErrorCode.PathOutsideRoot);
  }, 60_000);

  it('updates symbols when a file is saved through the workspace, without the watcher', async () => {
    const { root, host, index, workspace } = await start(SOURCE);
    await idle(host);
    expect((await index.definitions({ name: 'renamedThing' })).results).toEqual([]);
    await workspace.write({ path: join(root, 'src/util/strings.ts'), content: 'export function renamedThing() {}\n' });
    // Queryable as soon as the save answers (watch is off in this host).
    expect((await index.definitions({ name: 'renamedThing' })).results.map((d) => d.path)).toEqual([join(root, 'src/util/strings.ts')]);
    expect((await index.definitions({ name: 'trimEnd' })).results).toEqual([]);
  }, 60_000);

  it('parses a file read for the editor, so its first save re-parses from that tree', async () => {
    const { root, host, index, workspace } = await start(SOURCE);
    await idle(host);
    const path = join(root, 'src/editor.ts');
    const opened = await workspace.read({ path });
    expect(host.index.reusedTrees()).toBe(0);
    await workspace.write({ path, content: `${opened.content}export function typedAfterOpening() {}\n`, expectedEtag: opened.stat.etag });
    expect(host.index.reusedTrees()).toBe(1);
    expect((await index.definitions({ name: 'typedAfterOpening' })).results.map((d) => d.path)).toEqual([path]);
    // A file saved without being read first is parsed in full.
    await workspace.write({ path: join(root, 'src/util/strings.ts'), content: 'export function fresh() {}\n' });
    expect(host.index.reusedTrees()).toBe(1);
  }, 60_000);

  it('remembers a file read before the index opened and gets it ready once the index opens', async () => {
    const { root, host, workspace } = await start(SOURCE);
    const path = join(root, 'src/editor.ts');
    const opened = await workspace.read({ path });
    // Not started yet (no delay, no request): the read is remembered, not lost.
    expect(host.index.active).toBeUndefined();
    await idle(host);
    await workspace.write({ path, content: `${opened.content}export function typedEarly() {}\n`, expectedEtag: opened.stat.etag });
    expect(host.index.reusedTrees()).toBe(1);
  }, 60_000);

  it('reopens the index when a root is added at run time', async () => {
    const { base, host, index } = await start(SOURCE);
    await idle(host);
    const first = host.index.active;
    const other = join(base, 'other');
    writeTree(other, { 'lib/extra.go': 'package lib\n\nfunc ExtraThing() {}\n' });
    await host.workspace.addRoot(other);
    await idle(host);
    expect(host.index.active).not.toBe(first);
    expect((await index.findFiles({ query: 'extra.go' })).results.map((f) => f.path)).toEqual([join(other, 'lib/extra.go')]);
    expect((await index.definitions({ name: 'ExtraThing' })).results).toHaveLength(1);
    expect((await index.definitions({ name: 'render' })).results).toHaveLength(1);
  }, 60_000);

  it('leaves out what the files.exclude setting names, and reopens when it changes', async () => {
    const { root, host, index } = await start(SOURCE);
    await idle(host);
    const paths = async () => (await index.findFiles({ query: '.' })).results.map((f) => f.path.slice(root.length + 1)).sort();
    expect(await paths()).toContain('tools/build.py');
    // The setting, as the Settings editor and `marie settings set` write it.
    await host.settings.update({ id: 'files.exclude', value: ['tools/'] });
    await expect.poll(async () => (await host.index.current()) !== undefined && (await paths()).includes('tools/build.py'), { timeout: 20_000 }).toBe(false);
    await idle(host);
    expect((await index.definitions({ name: 'Builder' })).results).toEqual([]);
    expect((await index.searchText({ searchId: 'x', pattern: 'def run' })).total).toBe(0);
    // node_modules/ stays out whatever the setting says.
    expect(await paths()).not.toContain('node_modules/dep/index.js');
    await host.settings.reset({ id: 'files.exclude' });
    await expect.poll(async () => (await paths()).includes('tools/build.py'), { timeout: 20_000 }).toBe(true);
  }, 60_000);

  it('reuses the persisted index: a restart with nothing changed spawns no parse workers', async () => {
    const { base, root, host } = await start(SOURCE);
    await idle(host);
    host.dispose();
    await host.index.close();
    const before = await settledThreadCount();
    const again = await createHost({
      roots: [root],
      userDataDir: join(base, 'user'),
      policy: { engine: { env: { MARIE_POLICY_ROOT: join(base, 'no-policy') }, watch: false } },
      index: { indexDir: join(base, 'cache'), workers: 1, watch: false, startDelayMs: -1 },
    });
    cleanups.push(() => (again.dispose(), again.index.close()));
    await idle(again);
    expect(again.index.active?.status().openedAs).toBe('existing');
    expect(again.index.active?.searchSymbols('gTD').items.map((s) => s.name)).toEqual(['goToDefinition']);
    // The index's writer thread and its checkpointer start (they hold the database; from
    // sources, each with tsx's loader thread); the parse workers do not.
    expect(again.index.parsing).toBe(false);
    expect(threadCount()).toBeLessThanOrEqual(before + 4);
  }, 60_000);

  it('starts nothing until asked or the delay passes, reports status events, and stops its threads on dispose', async () => {
    const before = await settledThreadCount();
    const { host, index } = await start(SOURCE, { workers: 2, startDelayMs: 60_000 });
    const statuses: IndexStatus[] = [];
    index.onDidChangeStatus((s) => statuses.push(s));
    expect(await index.status({})).toMatchObject({ phase: 'idle', files: 0 });
    expect(host.index.active).toBeUndefined();
    expect(threadCount()).toBeLessThanOrEqual(before);
    // The first request opens the index.
    await index.findFiles({ query: 'x' });
    await idle(host);
    expect(await until(() => threadCount() >= before + 2)).toBe(true);
    expect(await until(() => statuses.at(-1)?.phase === 'ready')).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ phase: 'ready', files: 4, symbols: 6 });
    host.dispose();
    await host.index.close();
    expect(await until(() => threadCount() <= before)).toBe(true);
  }, 60_000);
});
