import type { FileKind, FileStat } from '@marie/protocol';
import { constants, type BigIntStats } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isInside } from './pathGuard.js';
import { resolveReal } from './resolveReal.js';

/**
 * Nanosecond mtime + size + inode: two saves within one millisecond still differ when the
 * size differs, and every atomic save gets a fresh inode from its rename.
 */
export function etagOf(st: BigIntStats): string {
  return `${st.mtimeNs}-${shownSize(st)}-${st.ino}`;
}

/** A link's own size is the length of the path it stores: a hint about its target, so hidden. */
function shownSize(st: BigIntStats): bigint {
  return st.isSymbolicLink() ? 0n : st.size;
}

export function kindOf(st: BigIntStats): FileKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

export function toFileStat(path: string, st: BigIntStats, readonly: boolean): FileStat {
  return {
    path,
    name: basename(path) || path,
    kind: kindOf(st),
    size: Number(shownSize(st)),
    mtimeMs: Number(st.mtimeNs / 1_000_000n),
    etag: etagOf(st),
    readonly,
  };
}

/** Whether this process may write the path (access(2) also knows ACLs and read-only mounts). */
export async function isWritable(p: string): Promise<boolean> {
  try {
    await access(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stat of a directory entry without following it. A symlink reports kind 'symlink'; its
 * target is only looked at (for `readonly`) when it stays inside the root, so nothing is
 * learned about files outside.
 */
export async function entryStat(path: string, real: string, rootPath: string): Promise<FileStat> {
  const st = await lstat(real, { bigint: true });
  if (!st.isSymbolicLink()) return toFileStat(path, st, !(await isWritable(real)));
  const target = await resolveReal(real).catch(() => undefined);
  const readonly = target === undefined || !isInside(target, rootPath) || !(await isWritable(target));
  return toFileStat(path, st, readonly);
}
