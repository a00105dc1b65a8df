import { resolve } from 'node:path';

/**
 * The folder the user asked to open (`marieide ~/src/app`), from a process's argv.
 * Unpackaged, argv is [electron, appPath, …]; packaged, [exe, …]. Electron and Chromium
 * may add switches (and on macOS "-psn_…"), so every "-"-prefixed argument is skipped
 * and the last remaining one wins. Existence is checked by the caller.
 */
export function folderArgument(argv: readonly string[], cwd: string, isPackaged: boolean): string | null {
  const positional = argv.slice(isPackaged ? 1 : 2).filter((arg) => arg !== '' && !arg.startsWith('-'));
  const last = positional.at(-1);
  return last === undefined ? null : resolve(cwd, last);
}
