import { ErrorCode, RpcError } from '@marie/protocol';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XdgTrash } from './trash.js';
import { WorkspaceService } from './workspaceService.js';

// Confinement, table-driven: every method × every kind of bad path, on real files.

let base: string;
let root: string;
let outside: string;
let svc: WorkspaceService;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof RpcError) return e.code;
    throw e;
  }
}

/** Every file under `dir` with its content, so a test can prove nothing outside changed. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = join(entry.parentPath, entry.name);
    out[p] = entry.isFile() ? await readFile(p, 'utf8') : entry.isDirectory() ? '<dir>' : '<other>';
  }
  return out;
}

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'marie-guard-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'dir'), { recursive: true });
  await mkdir(join(outside, 'dir'), { recursive: true });
  await writeFile(join(root, 'file.txt'), 'inside');
  await writeFile(join(root, 'dir', 'inner.txt'), 'inner');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await writeFile(join(outside, 'dir', 'x.txt'), 'outside x');
  await symlink(join(outside, 'secret.txt'), join(root, 'linkOutFile'));
  await symlink(join(outside, 'dir'), join(root, 'linkOutDir'));
  await symlink('../outside/missing.txt', join(root, 'linkOutDangling'));
  await symlink('file.txt', join(root, 'linkInFile'));
  await symlink(join(root, 'dir'), join(root, 'linkInDir'));
  svc = new WorkspaceService({ roots: [root], watch: false, trash: new XdgTrash({ dataHome: join(base, 'xdg') }) });
});

afterEach(async () => {
  svc.dispose();
  await rm(base, { recursive: true, force: true });
});

type Op = (p: string) => Promise<unknown>;
const ops: Record<string, Op> = {
  list: (p) => svc.list({ path: p }),
  stat: (p) => svc.stat({ path: p }),
  read: (p) => svc.read({ path: p }),
  write: (p) => svc.write({ path: p, content: 'pwned' }),
  create: (p) => svc.create({ path: p, kind: 'file' }),
  createDir: (p) => svc.create({ path: p, kind: 'directory' }),
  renameFrom: (p) => svc.rename({ from: p, to: join(root, 'renamed') }),
  renameTo: (p) => svc.rename({ from: join(root, 'file.txt'), to: p, overwrite: true }),
  delete: (p) => svc.delete({ path: p, permanent: true }),
  trash: (p) => svc.delete({ path: p }),
};
const opNames = Object.keys(ops);

interface Case {
  name: string;
  path: () => string;
  /** Expected code per method; `all` covers the rest. */
  expect: { all: string } & Partial<Record<string, string>>;
  /** Extra setup after the service exists (proves checks are not cached from open). */
  before?: () => Promise<void>;
}

const acting_on_link_itself = { renameFrom: 'ok', renameTo: 'ok', delete: 'ok', trash: 'ok', create: ErrorCode.Exists, createDir: ErrorCode.Exists };

const cases: Case[] = [
  { name: '".." segment that stays inside', path: () => `${root}/dir/../file.txt`, expect: { all: ErrorCode.PathInvalid } },
  { name: '".." segment that escapes', path: () => `${root}/../outside/secret.txt`, expect: { all: ErrorCode.PathInvalid } },
  { name: 'trailing ".."', path: () => `${root}/dir/..`, expect: { all: ErrorCode.PathInvalid } },
  { name: 'absolute path outside', path: () => join(outside, 'secret.txt'), expect: { all: ErrorCode.PathOutsideRoot } },
  { name: 'sibling sharing the root as prefix', path: () => `${root}-evil/x.txt`, expect: { all: ErrorCode.PathOutsideRoot } },
  { name: 'system path', path: () => '/etc/passwd', expect: { all: ErrorCode.PathOutsideRoot } },
  { name: 'NUL byte', path: () => `${root}/file.txt\0.png`, expect: { all: ErrorCode.PathInvalid } },
  { name: 'relative path', path: () => 'file.txt', expect: { all: ErrorCode.PathInvalid } },
  { name: 'dot-relative path', path: () => './dir/inner.txt', expect: { all: ErrorCode.PathInvalid } },
  { name: 'path under a symlinked directory pointing outside', path: () => join(root, 'linkOutDir', 'x.txt'), expect: { all: ErrorCode.SymlinkEscape } },
  { name: 'symlink to a file outside', path: () => join(root, 'linkOutFile'), expect: { all: ErrorCode.SymlinkEscape, ...acting_on_link_itself } },
  { name: 'symlink to a directory outside', path: () => join(root, 'linkOutDir'), expect: { all: ErrorCode.SymlinkEscape, ...acting_on_link_itself } },
  { name: 'dangling symlink to a missing file outside', path: () => join(root, 'linkOutDangling'), expect: { all: ErrorCode.SymlinkEscape, ...acting_on_link_itself } },
  {
    name: 'symlink created after the folder was opened',
    path: () => join(root, 'late', 'x.txt'),
    before: async () => {
      expect(await codeOf(svc.list({ path: root }))).toBe('ok');
      await symlink(join(outside, 'dir'), join(root, 'late'));
    },
    expect: { all: ErrorCode.SymlinkEscape },
  },
  {
    name: 'folder swapped for a symlink after it was listed',
    path: () => join(root, 'swap', 'x.txt'),
    before: async () => {
      await mkdir(join(root, 'swap'));
      await writeFile(join(root, 'swap', 'x.txt'), 'inside');
      expect(await codeOf(svc.list({ path: join(root, 'swap') }))).toBe('ok');
      expect(await codeOf(svc.read({ path: join(root, 'swap', 'x.txt') }))).toBe('ok');
      await rm(join(root, 'swap'), { recursive: true });
      await symlink(join(outside, 'dir'), join(root, 'swap'));
    },
    expect: { all: ErrorCode.SymlinkEscape },
  },
];

describe('confinement', () => {
  describe.each(cases)('$name', (c) => {
    it.each(opNames)('%s', async (op) => {
      await c.before?.();
      const before = await snapshot(outside);
      const expected = c.expect[op] ?? c.expect.all;
      expect(await codeOf(ops[op]!(c.path()))).toBe(expected);
      expect(await snapshot(outside)).toEqual(before);
    });
  });

  it('refuses every method with E_NO_WORKSPACE when no folder is open', async () => {
    const empty = new WorkspaceService({ roots: [], watch: false });
    const saved = svc;
    svc = empty;
    try {
      for (const op of opNames) expect([op, await codeOf(ops[op]!(join(root, 'file.txt')))]).toEqual([op, ErrorCode.NoWorkspace]);
    } finally {
      svc = saved;
      empty.dispose();
    }
  });

  it('never deletes or renames the root itself', async () => {
    expect(await codeOf(svc.delete({ path: root, permanent: true }))).toBe(ErrorCode.PermissionDenied);
    expect(await codeOf(svc.delete({ path: `${root}/` }))).toBe(ErrorCode.PermissionDenied);
    expect(await codeOf(svc.rename({ from: root, to: join(root, 'x') }))).toBe(ErrorCode.PermissionDenied);
    expect(await codeOf(svc.rename({ from: join(root, 'dir'), to: root, overwrite: true }))).toBe(ErrorCode.PermissionDenied);
    expect((await lstat(root)).isDirectory()).toBe(true);
  });

  it('refuses to move a folder into itself', async () => {
    expect(await codeOf(svc.rename({ from: join(root, 'dir'), to: join(root, 'dir', 'sub') }))).toBe(ErrorCode.PathInvalid);
  });
});

describe('symlinks that stay inside the root', () => {
  it('reads, stats and writes through a link to a file, keeping the link', async () => {
    const link = join(root, 'linkInFile');
    const file = await svc.read({ path: link });
    expect(file.content).toBe('inside');
    expect((await svc.stat({ path: link })).kind).toBe('file');
    await svc.write({ path: link, content: 'changed', expectedEtag: file.stat.etag });
    expect(await readFile(join(root, 'file.txt'), 'utf8')).toBe('changed');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('file.txt');
  });

  it('lists and creates through a link to a folder', async () => {
    const page = await svc.list({ path: join(root, 'linkInDir') });
    expect(page.entries.map((e) => e.path)).toEqual([join(root, 'linkInDir', 'inner.txt')]);
    await svc.create({ path: join(root, 'linkInDir', 'new.txt'), kind: 'file' });
    expect((await lstat(join(root, 'dir', 'new.txt'))).isFile()).toBe(true);
  });

  it('lists links as symlinks without revealing anything about outside targets', async () => {
    const { entries } = await svc.list({ path: root });
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    for (const name of ['linkOutFile', 'linkOutDir', 'linkOutDangling', 'linkInFile', 'linkInDir']) expect(byName[name]?.kind).toBe('symlink');
    expect(byName.linkOutFile).toMatchObject({ size: 0, readonly: true });
    expect(byName.linkOutDir).toMatchObject({ size: 0, readonly: true });
    expect(byName.linkInFile).toMatchObject({ size: 0, readonly: false });
  });

  it('deletes a link to outside without touching its target', async () => {
    await svc.delete({ path: join(root, 'linkOutDir'), permanent: true });
    await svc.delete({ path: join(root, 'linkOutFile') });
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    expect(await readFile(join(outside, 'dir', 'x.txt'), 'utf8')).toBe('outside x');
    await expect(lstat(join(root, 'linkOutDir'))).rejects.toThrow();
  });

  it('permanently deleting a folder removes links inside it, not their targets', async () => {
    await symlink(join(outside, 'dir'), join(root, 'dir', 'escape'));
    await svc.delete({ path: join(root, 'dir'), permanent: true });
    expect(await snapshot(outside)).toMatchObject({ [join(outside, 'dir', 'x.txt')]: 'outside x' });
  });
});
