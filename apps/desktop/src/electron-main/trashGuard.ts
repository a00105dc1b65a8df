import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Main trashes files on the host's behalf, so it re-checks the host's work: only a path
 * strictly inside one of the open roots (never a root itself, never outside through
 * "..") may go to the OS trash.
 */
export function isTrashable(path: string, roots: readonly string[]): boolean {
  if (!isAbsolute(path) || path.includes('\0')) return false;
  const target = resolve(path);
  return roots.some((root) => {
    const rel = relative(resolve(root), target);
    // "..hidden" is a name inside the root; only ".." as a whole segment leaves it.
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  });
}
