// Only Node built-ins here: the crash test runs this file in a child process on its own.
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const TEMP_SUFFIX = '.marie-tmp';

/** Temp files of interrupted writes: hidden from listings and watcher events, swept later. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

export interface AtomicWriteOptions {
  /** Permission bits of the result. Omit for new files: the kernel then applies 0o666 & ~umask. */
  mode?: number;
  /** Owner to keep when a privileged process rewrites another user's file; best effort. */
  owner?: { uid: number; gid: number };
}

/**
 * Replaces `target` so that readers (and a crash at any instant) see either the old bytes
 * or the new ones, never a mix: write a temp file beside it, fsync, rename over, fsync the
 * folder. `target` must already be the real path; rename never follows a final symlink,
 * so a link swapped in meanwhile is replaced rather than written through.
 */
export async function atomicWriteFile(target: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, tempName(basename(target)));
  let handle: FileHandle | undefined = await open(temp, 'wx', 0o666);
  try {
    await handle.writeFile(data);
    if (options.mode !== undefined) await handle.chmod(options.mode);
    if (options.owner) await handle.chown(options.owner.uid, options.owner.gid).catch(ignoreNotPermitted);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

function tempName(base: string): string {
  // Keep a readable prefix for people who find a leftover, short enough for NAME_MAX.
  return `.${base.slice(0, 64)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
}

function ignoreNotPermitted(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
}

/** Makes the rename itself durable. Some platforms cannot open folders; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the folder entry is best effort; the data itself was fsynced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Removes temp files that a killed writer left in `dir`, once they are surely abandoned. */
export async function removeStaleTempFiles(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!isTempFileName(name)) continue;
    const path = join(dir, name);
    try {
      const st = await lstat(path);
      if (!st.isFile() || now - st.mtimeMs < olderThanMs) continue;
      await rm(path, { force: true });
      removed++;
    } catch {
      // Gone already or not ours to remove: either way nothing to clean.
    }
  }
  return removed;
}
