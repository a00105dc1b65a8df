import { ErrorCode, RpcError } from '@marie/protocol';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candidateName, trashInfo, XdgTrash, type TrashProvider } from './trash.js';
import { WorkspaceService } from './workspaceService.js';

let base: string;
let root: string;
let dataHome: string;
const when = new Date(2024, 2, 5, 7, 8, 9);

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'marie-trash-')));
  root = join(base, 'root');
  dataHome = join(base, 'xdg-data');
  await mkdir(root);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('XdgTrash', () => {
  it('moves files and folders into files/ with a .trashinfo per the freedesktop spec', async () => {
    await writeFile(join(root, 'a b%#.txt'), 'A');
    await mkdir(join(root, 'folder'));
    await writeFile(join(root, 'folder', 'inner.txt'), 'I');
    const trash = new XdgTrash({ dataHome, now: () => when });

    expect(await trash.moveToTrash(join(root, 'a b%#.txt'))).toBe(true);
    expect(await trash.moveToTrash(join(root, 'folder'))).toBe(true);

    expect(await readdir(root)).toEqual([]);
    expect(await readFile(join(dataHome, 'Trash', 'files', 'a b%#.txt'), 'utf8')).toBe('A');
    expect(await readFile(join(dataHome, 'Trash', 'files', 'folder', 'inner.txt'), 'utf8')).toBe('I');
    const info = await readFile(join(dataHome, 'Trash', 'info', 'a b%#.txt.trashinfo'), 'utf8');
    expect(info).toBe(`[Trash Info]\nPath=${root}/a%20b%25%23.txt\nDeletionDate=2024-03-05T07:08:09\n`);
    expect(await readdir(join(dataHome, 'Trash', 'info'))).toEqual(['a b%#.txt.trashinfo', 'folder.trashinfo']);
  });

  it('gives same-named deletions unique names', async () => {
    const trash = new XdgTrash({ dataHome, now: () => when });
    for (const content of ['1', '2', '3']) {
      await writeFile(join(root, 'notes.txt'), content);
      expect(await trash.moveToTrash(join(root, 'notes.txt'))).toBe(true);
    }
    const files = join(dataHome, 'Trash', 'files');
    expect((await readdir(files)).sort()).toEqual(['notes.2.txt', 'notes.3.txt', 'notes.txt']);
    expect(await readFile(join(files, 'notes.3.txt'), 'utf8')).toBe('3');
    expect((await readdir(join(dataHome, 'Trash', 'info'))).sort()).toEqual(['notes.2.txt.trashinfo', 'notes.3.txt.trashinfo', 'notes.txt.trashinfo']);
  });

  it('reads $XDG_DATA_HOME at call time', async () => {
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = dataHome;
    try {
      await writeFile(join(root, 'x'), 'x');
      expect(await new XdgTrash().moveToTrash(join(root, 'x'))).toBe(true);
      expect(await readdir(join(dataHome, 'Trash', 'files'))).toEqual(['x']);
    } finally {
      if (saved === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = saved;
    }
  });

  it.skipIf(!canMountTmpfs())('reports "no trash" for a file on another file system and leaves it alone', async () => {
    const other = join(base, 'other-fs');
    await mkdir(other);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', other]);
    try {
      await writeFile(join(other, 'f.txt'), 'F');
      expect(await new XdgTrash({ dataHome }).moveToTrash(join(other, 'f.txt'))).toBe(false);
      expect(await readFile(join(other, 'f.txt'), 'utf8')).toBe('F');
    } finally {
      execFileSync('umount', [other]);
    }
  });

  it('has no trash on other platforms', async () => {
    await writeFile(join(root, 'x'), 'x');
    expect(await new XdgTrash({ dataHome, platform: 'darwin' }).moveToTrash(join(root, 'x'))).toBe(false);
    expect(await readdir(root)).toEqual(['x']);
  });
});

describe('trash helpers', () => {
  it('names collisions before the extension', () => {
    expect(candidateName('a.tar.gz', 1)).toBe('a.tar.gz');
    expect(candidateName('a.txt', 2)).toBe('a.2.txt');
    expect(candidateName('.bashrc', 3)).toBe('.bashrc.3');
    expect(candidateName('README', 2)).toBe('README.2');
  });
  it('escapes the path like a URI', () => {
    expect(trashInfo('/x/ä y\n', when)).toContain('Path=/x/%C3%A4%20y%0A\n');
  });
});

describe('WorkspaceService.delete', () => {
  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return 'ok';
    } catch (e) {
      if (e instanceof RpcError) return e.code;
      throw e;
    }
  }

  it.skipIf(process.platform !== 'linux')('moves to the XDG trash by default', async () => {
    await writeFile(join(root, 'gone.txt'), 'bye');
    const svc = new WorkspaceService({ roots: [root], watch: false, trash: new XdgTrash({ dataHome }) });
    try {
      expect(await svc.delete({ path: join(root, 'gone.txt') })).toEqual({ trashed: true });
      expect(await readdir(root)).toEqual([]);
      expect(await readdir(join(dataHome, 'Trash', 'files'))).toEqual(['gone.txt']);
      expect(await readdir(join(dataHome, 'Trash', 'info'))).toEqual(['gone.txt.trashinfo']);
    } finally {
      svc.dispose();
    }
  });

  it('fails with E_TRASH_UNAVAILABLE when there is no trash, and deletes only when permanent', async () => {
    const noTrash: TrashProvider = { moveToTrash: async () => false };
    await mkdir(join(root, 'dir', 'deep'), { recursive: true });
    await writeFile(join(root, 'dir', 'deep', 'f.txt'), 'f');
    const svc = new WorkspaceService({ roots: [root], watch: false, trash: noTrash });
    try {
      expect(await codeOf(svc.delete({ path: join(root, 'dir') }))).toBe(ErrorCode.TrashUnavailable);
      expect(await readFile(join(root, 'dir', 'deep', 'f.txt'), 'utf8')).toBe('f');
      expect(await svc.delete({ path: join(root, 'dir'), permanent: true })).toEqual({ trashed: false });
      expect(await readdir(root)).toEqual([]);
      expect(await codeOf(svc.delete({ path: join(root, 'dir'), permanent: true }))).toBe(ErrorCode.NotFound);
    } finally {
      svc.dispose();
    }
  });

  it('turns a failing injected trash into E_IO without leaking its error', async () => {
    const broken: TrashProvider = {
      moveToTrash: async () => {
        throw new Error('shell exploded at /secret/internal/path');
      },
    };
    await writeFile(join(root, 'f'), 'f');
    const svc = new WorkspaceService({ roots: [root], watch: false, trash: broken });
    try {
      const error = await svc.delete({ path: join(root, 'f') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe(ErrorCode.Io);
      expect((error as RpcError).message).not.toContain('secret');
    } finally {
      svc.dispose();
    }
  });
});

function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'marie-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
