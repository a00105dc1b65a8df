import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { errorCodeOf } from './fsErrors.js';

/** Same bound as Linux's MAXSYMLINKS: deeper chains are refused rather than followed. */
const MAX_LINK_DEPTH = 40;

export class SymlinkDepthError extends Error {
  readonly code = 'ELOOP';
}

/**
 * Where `p` really points: realpath for existing paths; for a path that does not exist
 * yet, the real path of its deepest existing ancestor plus the missing tail. A dangling
 * symlink is followed to wherever it would create its target, so a write through
 * `root/link -> /outside/new` is seen as leaving the root before anything is created.
 */
export async function resolveReal(p: string, depth = 0): Promise<string> {
  if (depth > MAX_LINK_DEPTH) throw new SymlinkDepthError(`Too many symbolic links at ${p}`);
  try {
    return await realpath(p);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const parent = dirname(p);
  if (parent === p) return p;
  const realParent = await resolveReal(parent, depth);
  const candidate = resolve(realParent, basename(p));
  const link = await readLinkIfAny(candidate);
  // A relative link target is relative to the directory the link really lives in.
  return link === undefined ? candidate : resolveReal(resolve(realParent, link), depth + 1);
}

async function readLinkIfAny(p: string): Promise<string | undefined> {
  try {
    if (!(await lstat(p)).isSymbolicLink()) return undefined;
    return await readlink(p);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
