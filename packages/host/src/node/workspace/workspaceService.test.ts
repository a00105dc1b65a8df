import { ErrorCode, FileLimits, RpcClient, RpcError, RpcServer, createMemoryTransportPair, workspaceContract, type WorkspaceRoot } from '@marie/protocol';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, realpath, rm, stat, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeText } from './textCodec.js';
import { WorkspaceService } from './workspaceService.js';

let base: string;
let root: string;
let svc: WorkspaceService;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof RpcError) return e.code;
    throw e; // a raw Node error escaping the service fails the test
  }
}

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'marie-ws-')));
  root = join(base, 'project');
  await mkdir(root);
  svc = new WorkspaceService({ roots: [root], watch: false, trash: { moveToTrash: async () => false } });
});
afterEach(async () => {
  svc.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('roots', () => {
  it('reports the real path and the folder name', async () => {
    await symlink(root, join(base, 'alias'));
    const viaLink = new WorkspaceService({ roots: [join(base, 'alias')], watch: false });
    try {
      expect(await viaLink.getRoots({})).toEqual([{ path: root, name: 'project' }]);
    } finally {
      viaLink.dispose();
    }
  });

  it('openFolder replaces the roots, fires onDidChangeRoots and confines to the new root', async () => {
    const other = join(base, 'other');
    await mkdir(other);
    await writeFile(join(root, 'a.txt'), 'a');
    const fired: WorkspaceRoot[][] = [];
    svc.onDidChangeRoots((r) => fired.push(r));
    expect(await svc.openFolder({ path: other })).toEqual([{ path: other, name: 'other' }]);
    expect(fired).toEqual([[{ path: other, name: 'other' }]]);
    expect(await codeOf(svc.read({ path: join(root, 'a.txt') }))).toBe(ErrorCode.PathOutsideRoot);
  });

  it('openFolder needs an existing folder given by an absolute path', async () => {
    await writeFile(join(base, 'file'), '');
    expect(await codeOf(svc.openFolder({ path: join(base, 'file') }))).toBe(ErrorCode.NotADirectory);
    expect(await codeOf(svc.openFolder({ path: join(base, 'missing') }))).toBe(ErrorCode.NotFound);
    expect(await codeOf(svc.openFolder({ path: 'relative' }))).toBe(ErrorCode.PathInvalid);
    expect(await codeOf(svc.openFolder({ path: `${root}/../other` }))).toBe(ErrorCode.PathInvalid);
    expect(await svc.getRoots({})).toEqual([{ path: root, name: 'project' }]);
  });

  it('starting with no folder is allowed (welcome page)', async () => {
    const empty = new WorkspaceService({ roots: [], watch: false });
    expect(await empty.getRoots({})).toEqual([]);
    empty.dispose();
  });
});

describe('list', () => {
  it('pages a 20,000-entry folder in natural order, folders first', { timeout: 60_000 }, async () => {
    const dir = join(root, 'big');
    await mkdir(dir);
    const files = Array.from({ length: 20_000 }, (_, i) => `file${i}.txt`);
    for (let i = 0; i < files.length; i += 500) await Promise.all(files.slice(i, i + 500).map((f) => writeFile(join(dir, f), '')));
    const dirs = ['sub10', 'Sub2', 'sub1'];
    for (const d of dirs) await mkdir(join(dir, d));

    const names: string[] = [];
    const pageTimes: number[] = [];
    let cursor: number | undefined = 0;
    while (cursor !== undefined) {
      const t0 = performance.now();
      const page = await svc.list({ path: dir, cursor });
      pageTimes.push(performance.now() - t0);
      expect(page.total).toBe(20_003);
      expect(page.entries.length).toBe(Math.min(FileLimits.defaultPageSize, 20_003 - cursor));
      names.push(...page.entries.map((e) => e.name));
      cursor = page.nextCursor;
    }
    expect(pageTimes.length).toBe(21);
    expect(names.slice(0, 6)).toEqual(['sub1', 'Sub2', 'sub10', 'file0.txt', 'file1.txt', 'file2.txt']);
    expect(names.indexOf('file10.txt')).toBe(names.indexOf('file9.txt') + 1);
    expect(names.at(-1)).toBe('file19999.txt');
    expect(new Set(names).size).toBe(20_003);
    // Later pages come from the cached, sorted name list: only the page is stat'ed.
    const later = pageTimes.slice(1).sort((a, b) => a - b);
    expect(later[Math.floor(later.length / 2)]).toBeLessThan(500);

    const custom = await svc.list({ path: dir, cursor: 19_999, limit: 10 });
    expect(custom.entries.map((e) => e.name)).toEqual(['file19996.txt', 'file19997.txt', 'file19998.txt', 'file19999.txt']);
    expect(custom.nextCursor).toBeUndefined();
    expect((await svc.list({ path: dir, cursor: 50_000 })).entries).toEqual([]);
  });

  it('returns full FileStats and sees changes made behind its back', async () => {
    await writeFile(join(root, 'a.txt'), 'abc');
    await mkdir(join(root, 'src'));
    let page = await svc.list({ path: root });
    expect(page.entries).toMatchObject([
      { name: 'src', kind: 'directory', path: join(root, 'src'), readonly: false },
      { name: 'a.txt', kind: 'file', size: 3, path: join(root, 'a.txt') },
    ]);
    expect(page.entries[1]!.etag).toBe((await svc.stat({ path: join(root, 'a.txt') })).etag);
    await writeFile(join(root, 'b.txt'), '');
    await svc.create({ path: join(root, 'c.txt'), kind: 'file' });
    page = await svc.list({ path: root });
    expect(page.entries.map((e) => e.name)).toEqual(['src', 'a.txt', 'b.txt', 'c.txt']);
  });

  it('refuses files and missing folders with stable codes', async () => {
    await writeFile(join(root, 'a.txt'), '');
    expect(await codeOf(svc.list({ path: join(root, 'a.txt') }))).toBe(ErrorCode.NotADirectory);
    expect(await codeOf(svc.list({ path: join(root, 'nope') }))).toBe(ErrorCode.NotFound);
    expect(await codeOf(svc.list({ path: root, limit: 0 }))).toBe(ErrorCode.InvalidInput);
  });
});

describe('read', () => {
  it('returns content, encoding, eol and the same etag as stat', async () => {
    await writeFile(join(root, 'win.txt'), encodeText('one\r\ntwo\r\n', 'utf16le'));
    const file = await svc.read({ path: join(root, 'win.txt') });
    expect(file).toMatchObject({ content: 'one\r\ntwo\r\n', encoding: 'utf16le', eol: '\r\n', tooLargeForEditing: false });
    expect(file.stat.etag).toBe((await svc.stat({ path: join(root, 'win.txt') })).etag);
  });

  it('refuses folders, binaries, missing files and pipes with stable codes', async () => {
    await mkdir(join(root, 'dir'));
    await writeFile(join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(await codeOf(svc.read({ path: join(root, 'dir') }))).toBe(ErrorCode.IsADirectory);
    expect(await codeOf(svc.read({ path: join(root, 'image.png') }))).toBe(ErrorCode.BinaryFile);
    expect(await codeOf(svc.read({ path: join(root, 'missing.txt') }))).toBe(ErrorCode.NotFound);
    expect(await codeOf(svc.read({ path: join(root, 'pipe') }))).toBe(ErrorCode.Io);
    expect(await codeOf(svc.read({ path: join(root, 'dir', 'x', 'y') }))).toBe(ErrorCode.NotFound);
  });

  it('flags large files and refuses huge ones', { timeout: 60_000 }, async () => {
    const large = join(root, 'large.log');
    await writeFile(large, Buffer.alloc(FileLimits.largeFileBytes + 1, 'a'));
    const file = await svc.read({ path: large });
    expect(file.tooLargeForEditing).toBe(true);
    expect(file.content.length).toBe(FileLimits.largeFileBytes + 1);
    await writeFile(join(root, 'edge.log'), Buffer.alloc(1024, 'a'));
    expect((await svc.read({ path: join(root, 'edge.log') })).tooLargeForEditing).toBe(false);

    const huge = join(root, 'huge.log');
    await writeFile(huge, '');
    await truncate(huge, FileLimits.maxReadBytes + 1); // sparse: no 48 MB written
    const error = await svc.read({ path: huge }).catch((e: unknown) => e);
    expect((error as RpcError).code).toBe(ErrorCode.FileTooLarge);
  });
});

describe('write', () => {
  it('detects conflicts, overwrites with force, recreates deleted files', async () => {
    const p = join(root, 'doc.txt');
    await writeFile(p, 'v1');
    const { stat: first } = await svc.read({ path: p });
    await writeFile(p, 'v2 from another program');

    const conflict = await svc.write({ path: p, content: 'mine', expectedEtag: first.etag }).catch((e: unknown) => e);
    expect((conflict as RpcError).code).toBe(ErrorCode.Conflict);
    expect((conflict as RpcError).message).not.toContain('mine');
    expect(await readFile(p, 'utf8')).toBe('v2 from another program');

    const forced = await svc.write({ path: p, content: 'mine', expectedEtag: first.etag, force: true });
    expect(await readFile(p, 'utf8')).toBe('mine');
    const again = await svc.write({ path: p, content: 'mine 2', expectedEtag: forced.etag });
    expect(again.etag).not.toBe(forced.etag);

    await unlink(p);
    await svc.write({ path: p, content: 'back', expectedEtag: again.etag });
    expect(await readFile(p, 'utf8')).toBe('back');
  });

  it('gives every save a new etag, even two same-size saves in one millisecond', async () => {
    const p = join(root, 'fast.txt');
    const etags = new Set<string>();
    let etag = (await svc.write({ path: p, content: 'aaaa' })).etag;
    etags.add(etag);
    for (let i = 0; i < 20; i++) {
      etag = (await svc.write({ path: p, content: i % 2 ? 'aaaa' : 'bbbb', expectedEtag: etag })).etag;
      etags.add(etag);
    }
    expect(etags.size).toBe(21);
  });

  it('keeps the encoding and BOM it is given, and normalises line endings on request', async () => {
    const p = join(root, 'be.txt');
    await writeFile(p, encodeText('a\nb\n', 'utf16be'));
    const file = await svc.read({ path: p });
    await svc.write({ path: p, content: file.content + 'c\n', encoding: file.encoding, eol: '\r\n', expectedEtag: file.stat.etag });
    expect((await readFile(p)).equals(encodeText('a\r\nb\r\nc\r\n', 'utf16be'))).toBe(true);
    await svc.write({ path: join(root, 'new.txt'), content: 'é' });
    expect([...(await readFile(join(root, 'new.txt')))]).toEqual([0xc3, 0xa9]);
  });

  it('preserves the file mode (0o755 stays 0o755)', async () => {
    const p = join(root, 'run.sh');
    await writeFile(p, '#!/bin/sh\n');
    await chmod(p, 0o755);
    await svc.write({ path: p, content: '#!/bin/sh\nexit 0\n' });
    expect((await stat(p)).mode & 0o7777).toBe(0o755);
  });

  it('refuses folders and missing parents, and does nothing once cancelled', async () => {
    await mkdir(join(root, 'dir'));
    expect(await codeOf(svc.write({ path: join(root, 'dir'), content: 'x' }))).toBe(ErrorCode.IsADirectory);
    expect(await codeOf(svc.write({ path: join(root, 'no', 'such', 'f.txt'), content: 'x' }))).toBe(ErrorCode.NotFound);
    const aborted = AbortSignal.abort();
    expect(await codeOf(svc.write({ path: join(root, 'c.txt'), content: 'x' }, aborted))).toBe(ErrorCode.Cancelled);
    expect(await readdir(root)).toEqual(['dir']);
  });
});

describe('create and rename', () => {
  it('creates files and folders exclusively', async () => {
    expect(await svc.create({ path: join(root, 'f.txt'), kind: 'file' })).toMatchObject({ kind: 'file', size: 0, name: 'f.txt' });
    expect(await svc.create({ path: join(root, 'd'), kind: 'directory' })).toMatchObject({ kind: 'directory' });
    expect(await codeOf(svc.create({ path: join(root, 'f.txt'), kind: 'file' }))).toBe(ErrorCode.Exists);
    expect(await codeOf(svc.create({ path: join(root, 'd'), kind: 'file' }))).toBe(ErrorCode.Exists);
    expect(await codeOf(svc.create({ path: join(root, 'f.txt'), kind: 'directory' }))).toBe(ErrorCode.Exists);
    expect(await codeOf(svc.create({ path: join(root, 'x', 'y'), kind: 'directory' }))).toBe(ErrorCode.NotFound);
    expect(await codeOf(svc.create({ path: join(root, 'f.txt', 'child'), kind: 'file' }))).toBe(ErrorCode.NotADirectory);
  });

  it('renames, refusing to clobber unless asked', async () => {
    await writeFile(join(root, 'a.txt'), 'A');
    await writeFile(join(root, 'b.txt'), 'B');
    expect(await codeOf(svc.rename({ from: join(root, 'a.txt'), to: join(root, 'b.txt') }))).toBe(ErrorCode.Exists);
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('B');
    expect(await svc.rename({ from: join(root, 'a.txt'), to: join(root, 'b.txt'), overwrite: true })).toMatchObject({ name: 'b.txt', size: 1 });
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('A');
    await mkdir(join(root, 'dir'));
    await svc.rename({ from: join(root, 'b.txt'), to: join(root, 'dir', 'moved.txt') });
    expect(await readdir(root)).toEqual(['dir']);
    expect(await codeOf(svc.rename({ from: join(root, 'gone'), to: join(root, 'x') }))).toBe(ErrorCode.NotFound);
  });
});

describe('over the wire', () => {
  it('serves the contract through the RPC server with errors as stable codes', async () => {
    const [serverEnd, clientEnd] = createMemoryTransportPair();
    const internal: unknown[] = [];
    const server = new RpcServer(serverEnd, { onInternalError: (e) => internal.push(e) });
    server.register(workspaceContract, svc);
    const client = new RpcClient(clientEnd);
    try {
      const remote = client.getProxy(workspaceContract);
      await remote.write({ path: join(root, 'r.txt'), content: 'over the wire' });
      expect((await remote.read({ path: join(root, 'r.txt') })).content).toBe('over the wire');
      const error = await remote.read({ path: '/etc/passwd' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.PathOutsideRoot });
      expect(await codeOf(remote.read({ path: join(root, 'nope') }))).toBe(ErrorCode.NotFound);
      expect(internal).toEqual([]);
    } finally {
      client.dispose();
      server.dispose();
    }
  });
});
