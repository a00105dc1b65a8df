import { ErrorCode, RpcError, type WorkspaceRoot } from '@marie/protocol';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { toRpcError } from './fsErrors.js';
import { resolveReal } from './resolveReal.js';

/**
 * 'follow': the operation acts on what the path points to (read, write, list, stat).
 * 'noFollow': it acts on the entry itself, e.g. deleting or renaming a symlink.
 */
export type LinkMode = 'follow' | 'noFollow';

export interface GuardedPath {
  /** The normalised absolute path as the client named it; replies use this one. */
  path: string;
  /** Where to act: the resolved target ('follow'), or the entry inside its real parent ('noFollow'). */
  real: string;
  root: WorkspaceRoot;
  /** The path is the root folder itself. */
  isRoot: boolean;
}

const segmentSplitter = sep === '\\' ? /[\\/]/ : /\//;

/** Syntax checks that run before any normalisation, so `..` can never be smuggled in. */
export function normalizeWirePath(p: string): string {
  if (p.includes('\0')) throw new RpcError(ErrorCode.PathInvalid, 'The path contains a NUL byte');
  if (p.split(segmentSplitter).includes('..')) throw new RpcError(ErrorCode.PathInvalid, `The path must not contain ".." segments: ${p}`);
  if (!isAbsolute(p)) throw new RpcError(ErrorCode.PathInvalid, `The path must be absolute: ${p}`);
  return resolve(p);
}

export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  return child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Confines wire paths to the open roots. It runs on every operation and resolves symlinks
 * each time: a link created after the folder was opened is caught as well. (A link swapped
 * in between the check and the syscall is not; Node offers no openat/O_NOFOLLOW walk.)
 */
export class PathGuard {
  constructor(private readonly getRoots: () => readonly WorkspaceRoot[]) {}

  async check(p: string, mode: LinkMode): Promise<GuardedPath> {
    const path = normalizeWirePath(p);
    const roots = this.getRoots();
    if (roots.length === 0) throw new RpcError(ErrorCode.NoWorkspace, 'No folder is open');
    const root = roots.find((r) => isInside(path, r.path));
    if (!root) throw new RpcError(ErrorCode.PathOutsideRoot, `${path} is outside the open workspace folders`);
    const isRoot = path === root.path;
    let real: string;
    try {
      real = mode === 'follow' || isRoot ? await resolveReal(path) : resolve(await resolveReal(dirname(path)), basename(path));
    } catch (error) {
      throw toRpcError(error, path);
    }
    if (!isInside(real, root.path)) {
      throw new RpcError(ErrorCode.SymlinkEscape, `${path} leads through a symbolic link to a location outside the workspace folder`);
    }
    return { path, real, root, isRoot };
  }
}
