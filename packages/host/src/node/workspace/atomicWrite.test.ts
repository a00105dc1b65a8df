import { ErrorCode, RpcError } from '@marie/protocol';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, isTempFileName, removeStaleTempFiles } from './atomicWrite.js';
import { WorkspaceService } from './workspaceService.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Mounting needs root (CAP_SYS_ADMIN); where it is refused, those tests are skipped, not faked. */
function probeMount(): boolean {
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
const canMount = probeMount();
const isRoot = process.getuid?.() === 0;

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'marie-atomic-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof RpcError) return e.code;
    throw e;
  }
}

describe('atomicWriteFile survives SIGKILL at any moment', () => {
  let modulePath: string;
  let work: string;
  beforeAll(async () => {
    // The child runs the real atomicWrite.ts, only stripped of types.
    work = await mkdtemp(join(tmpdir(), 'marie-crash-'));
    const source = await readFile(join(here, 'atomicWrite.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    modulePath = join(work, 'atomicWrite.mjs');
    await writeFile(modulePath, outputText);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('leaves exactly the old or the new content after 25 random kills', { timeout: 120_000 }, async () => {
    const size = 4 * 1024 * 1024;
    const oldContent = Buffer.alloc(size, 'O');
    const newContent = Buffer.alloc(size, 'N');
    const dir = join(base, 'target');
    await mkdir(dir);
    const target = join(dir, 'big.txt');
    await writeFile(target, oldContent);

    const seen = { old: 0, new: 0 };
    for (let run = 0; run < 25; run++) {
      const child = spawn(process.execPath, [join(here, 'fixtures', 'crashWriter.mjs'), modulePath, target, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('error', reject);
      });
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const now = await readFile(target);
      const isOld = now.equals(oldContent);
      const isNew = now.equals(newContent);
      expect(isOld || isNew, `run ${run}: target is neither old nor new (${now.length} bytes)`).toBe(true);
      if (isOld) seen.old++;
      else seen.new++;
      const leftovers = (await readdir(dir)).filter((n) => n !== 'big.txt');
      expect(leftovers.every(isTempFileName), `unexpected files: ${leftovers.join(', ')}`).toBe(true);
    }
    // The writer really ran: some kills landed after a completed write.
    expect(seen.new).toBeGreaterThan(0);

    // Leftovers are hidden from listings and swept once stale.
    const svc = new WorkspaceService({ roots: [dir], watch: false });
    try {
      const page = await svc.list({ path: dir });
      expect(page.entries.map((e) => e.name)).toEqual(['big.txt']);
    } finally {
      svc.dispose();
    }
    const strays = (await readdir(dir)).length - 1;
    expect(await removeStaleTempFiles(dir, 0)).toBe(strays);
    expect(await readdir(dir)).toEqual(['big.txt']);
  });
});

describe('atomicWriteFile', () => {
  it('keeps the mode of the file it replaces and gives it a new inode', async () => {
    const target = join(base, 'script.sh');
    await writeFile(target, '#!/bin/sh\n');
    await chmod(target, 0o755);
    const before = await stat(target);
    await atomicWriteFile(target, Buffer.from('#!/bin/sh\necho hi\n'), { mode: before.mode & 0o7777 });
    const after = await stat(target);
    expect(after.mode & 0o7777).toBe(0o755);
    expect(after.ino).not.toBe(before.ino);
    expect(await readFile(target, 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(await readdir(base)).toEqual(['script.sh']);
  });

  it('gives new files the same mode as any new file (0o666 minus the umask)', async () => {
    await writeFile(join(base, 'reference'), '');
    await atomicWriteFile(join(base, 'fresh'), Buffer.from('x'));
    expect((await stat(join(base, 'fresh'))).mode & 0o7777).toBe((await stat(join(base, 'reference'))).mode & 0o7777);
  });

  it('leaves no temp file when the target folder does not exist', async () => {
    await expect(atomicWriteFile(join(base, 'missing', 'x.txt'), Buffer.from('x'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(base)).toEqual([]);
  });

  it.skipIf(!isRoot)('keeps the owner when a privileged process rewrites another user\'s file', async () => {
    const svc = new WorkspaceService({ roots: [base], watch: false });
    try {
      const target = join(base, 'owned.txt');
      await writeFile(target, 'v1');
      await chown(target, 1234, 4321);
      await svc.write({ path: target, content: 'v2' });
      expect(await stat(target)).toMatchObject({ uid: 1234, gid: 4321 });
    } finally {
      svc.dispose();
    }
  });
});

describe.skipIf(!canMount)('failing writes on real file systems', () => {
  const mounts: string[] = [];
  async function mount(...args: string[]): Promise<void> {
    execFileSync('mount', args, { stdio: 'ignore' });
    const point = args[args.length - 1]!;
    if (!args.includes('remount,bind,ro')) mounts.push(point);
  }
  // Runs before the outer afterEach removes `base` (inner hooks first).
  afterEach(async () => {
    for (const m of mounts.splice(0).reverse()) execFileSync('umount', [m], { stdio: 'ignore' });
  });

  it('disk full: the old file stays intact, no temp file remains, E_DISK_FULL', async () => {
    const disk = join(base, 'small');
    await mkdir(disk);
    await mount('-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk);
    const target = join(disk, 'notes.txt');
    const old = 'old line\n'.repeat(8000); // 72 KB
    await writeFile(target, old);

    const big = Buffer.alloc(400 * 1024, 'x');
    await expect(atomicWriteFile(target, big)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(target, 'utf8')).toBe(old);
    expect(await readdir(disk)).toEqual(['notes.txt']);

    const svc = new WorkspaceService({ roots: [disk], watch: false });
    try {
      const { stat: st } = await svc.read({ path: target });
      expect(await codeOf(svc.write({ path: target, content: big.toString(), expectedEtag: st.etag }))).toBe(ErrorCode.DiskFull);
      expect(await readFile(target, 'utf8')).toBe(old);
      expect(await readdir(disk)).toEqual(['notes.txt']);
    } finally {
      svc.dispose();
    }
  });

  it('read-only file system: the old file stays intact and E_PERMISSION_DENIED', async () => {
    const src = join(base, 'src');
    const ro = join(base, 'ro');
    await mkdir(src);
    await mkdir(ro);
    await writeFile(join(src, 'a.txt'), 'original');
    await mount('--bind', src, ro);
    await mount('-o', 'remount,bind,ro', ro);
    const target = join(ro, 'a.txt');

    await expect(atomicWriteFile(target, Buffer.from('new'))).rejects.toMatchObject({ code: 'EROFS' });
    const svc = new WorkspaceService({ roots: [ro], watch: false });
    try {
      expect((await svc.stat({ path: target })).readonly).toBe(true);
      expect(await codeOf(svc.write({ path: target, content: 'new', force: true }))).toBe(ErrorCode.PermissionDenied);
      expect(await codeOf(svc.write({ path: join(ro, 'b.txt'), content: 'new' }))).toBe(ErrorCode.PermissionDenied);
      expect(await codeOf(svc.create({ path: join(ro, 'c'), kind: 'directory' }))).toBe(ErrorCode.PermissionDenied);
      expect(await codeOf(svc.delete({ path: target, permanent: true }))).toBe(ErrorCode.PermissionDenied);
    } finally {
      svc.dispose();
    }
    expect(await readFile(join(src, 'a.txt'), 'utf8')).toBe('original');
    expect(await readdir(src)).toEqual(['a.txt']);
  });
});
