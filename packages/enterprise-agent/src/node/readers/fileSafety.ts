import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { relative, isAbsolute, sep } from 'node:path';

export interface FileSafetyOptions {
  /** Owners whose files are trusted: root, plus the current user when a portable policy root is in use. */
  trustedOwners: readonly number[];
  maxBytes: number;
}

export const DEFAULT_MAX_POLICY_FILE_BYTES = 1024 * 1024;

export type SafeRead = { ok: true; bytes: Buffer } | { ok: false; absent?: boolean; reason: string };

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Why a file or folder's owner or mode makes it untrustworthy as policy, or null. Windows relies on ACLs instead. */
export function ownershipProblem(st: Stats, options: FileSafetyOptions): string | null {
  if (process.platform === 'win32') return null;
  if (!options.trustedOwners.includes(st.uid)) return `owned by uid ${st.uid}, not root`;
  if (st.mode & 0o002) return 'writable by others';
  if (st.mode & 0o020 && st.gid !== 0) return `writable by group ${st.gid}`;
  return null;
}

/** Checks a policy folder; returns its real path, or why it is absent or refused. */
export async function checkPolicyDirectory(dir: string, options: FileSafetyOptions): Promise<{ ok: true; real: string } | { ok: false; absent: boolean; reason: string }> {
  let st: Stats;
  try {
    st = await stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, absent: code === 'ENOENT' || code === 'ENOTDIR', reason: code ?? 'unreadable' };
  }
  if (!st.isDirectory()) return { ok: false, absent: false, reason: 'not a folder' };
  const problem = ownershipProblem(st, options);
  if (problem) return { ok: false, absent: false, reason: problem };
  return { ok: true, real: await realpath(dir) };
}

/**
 * Reads a policy file only if it is safe to trust: a regular file (a symlink only when it stays
 * inside `folderReal`), owned by a trusted owner, not writable by others, and within the size
 * limit, which is checked on the opened descriptor before any byte is read.
 */
export async function readPolicyFile(path: string, folderReal: string, options: FileSafetyOptions): Promise<SafeRead> {
  let target = path;
  let link: Stats;
  try {
    link = await lstat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, absent: code === 'ENOENT', reason: code === 'ENOENT' ? 'missing' : `unreadable (${code})` };
  }
  if (link.isSymbolicLink()) {
    try {
      target = await realpath(path);
    } catch {
      return { ok: false, reason: 'dangling symlink' };
    }
    if (!isInside(target, folderReal)) return { ok: false, reason: `symlink pointing outside the policy folder (to ${target})` };
  }
  let fh;
  try {
    // O_NONBLOCK so that a FIFO dropped into the folder cannot hang the reader.
    fh = await open(target, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    const problem = ownershipProblem(st, options);
    if (problem) return { ok: false, reason: problem };
    if (st.size > options.maxBytes) return { ok: false, reason: `${st.size} bytes exceeds the limit of ${options.maxBytes}; not read` };
    const buf = Buffer.alloc(options.maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, length, buf.length - length, length);
      if (!bytesRead) break;
      length += bytesRead;
      if (length > options.maxBytes) return { ok: false, reason: `grew beyond the limit of ${options.maxBytes} bytes while being read` };
    }
    return { ok: true, bytes: buf.subarray(0, length) };
  } finally {
    await fh.close();
  }
}

/** UTF-8 (optionally with BOM) or UTF-16LE with BOM, as `reg export` writes; anything else is an error. */
export function decodePolicyText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}
