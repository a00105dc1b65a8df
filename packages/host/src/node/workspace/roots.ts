import { ErrorCode, RpcError, type WorkspaceRoot } from '@marie/protocol';
import { realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { mapFsErrors } from './fsErrors.js';
import { normalizeWirePath } from './pathGuard.js';

export function rootOf(realPath: string): WorkspaceRoot {
  return { path: realPath, name: basename(realPath) || realPath };
}

/**
 * Roots handed over at start-up (command line, desktop session). A folder that is missing
 * stays listed under its given path so every operation reports E_NOT_FOUND plainly,
 * instead of the folder silently vanishing from the window.
 */
export function startupRoots(paths: readonly string[]): WorkspaceRoot[] {
  const seen = new Map<string, WorkspaceRoot>();
  for (const p of paths) {
    let real: string;
    try {
      real = realpathSync(resolve(p));
    } catch {
      real = resolve(p);
    }
    if (!seen.has(real)) seen.set(real, rootOf(real));
  }
  return [...seen.values()];
}

/** A folder chosen at run time: it must exist and be a folder; stored by its real path. */
export async function openRoot(p: string): Promise<WorkspaceRoot> {
  const path = normalizeWirePath(p);
  return mapFsErrors(path, async () => {
    const real = await realpath(path);
    if (!(await stat(real)).isDirectory()) throw new RpcError(ErrorCode.NotADirectory, `${path} is not a folder`);
    return rootOf(real);
  });
}
