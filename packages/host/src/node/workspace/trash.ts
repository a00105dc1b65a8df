import { lstat, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { errorCodeOf } from './fsErrors.js';

export interface TrashProvider {
  /** true = moved to trash, false = no trash available here */
  moveToTrash(absPath: string): Promise<boolean>;
}

export interface XdgTrashOptions {
  /** Overrides $XDG_DATA_HOME (tests; otherwise read on every call, as the spec intends). */
  dataHome?: string;
  platform?: NodeJS.Platform;
  now?: () => Date;
}

/** Enough attempts for any realistic pile of same-named deletions; beyond it we give up. */
const MAX_NAME_ATTEMPTS = 10_000;

/**
 * The freedesktop.org home trash ($XDG_DATA_HOME/Trash). Only used when the file lives on
 * the same file system: moving across devices would be a slow copy, and per-volume
 * `.Trash-$uid` folders are left to the desktop environment. Elsewhere it reports "no trash"
 * and lets the UI ask before deleting permanently.
 */
export class XdgTrash implements TrashProvider {
  constructor(private readonly options: XdgTrashOptions = {}) {}

  async moveToTrash(absPath: string): Promise<boolean> {
    if ((this.options.platform ?? process.platform) !== 'linux') return false;
    const trashDir = join(this.dataHome(), 'Trash');
    const item = await lstat(absPath);
    if ((await deviceOfNearestExisting(trashDir)) !== item.dev) return false;
    const filesDir = join(trashDir, 'files');
    const infoDir = join(trashDir, 'info');
    await mkdir(filesDir, { recursive: true, mode: 0o700 });
    await mkdir(infoDir, { recursive: true, mode: 0o700 });
    // A mount point at Trash/files would make the rename a cross-device copy.
    if ((await stat(filesDir)).dev !== item.dev) return false;

    const { name, infoPath } = await this.reserve(filesDir, infoDir, absPath);
    try {
      await rename(absPath, join(filesDir, name));
    } catch (error) {
      await rm(infoPath, { force: true });
      if (errorCodeOf(error) === 'EXDEV') return false;
      throw error;
    }
    return true;
  }

  private dataHome(): string {
    if (this.options.dataHome) return this.options.dataHome;
    const fromEnv = process.env.XDG_DATA_HOME;
    // The spec says relative values are invalid and must be ignored.
    return fromEnv && isAbsolute(fromEnv) ? fromEnv : join(homedir(), '.local', 'share');
  }

  /** Creating the .trashinfo with O_EXCL is the spec's atomic claim on a name. */
  private async reserve(filesDir: string, infoDir: string, absPath: string): Promise<{ name: string; infoPath: string }> {
    const info = trashInfo(absPath, (this.options.now ?? (() => new Date()))());
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const name = candidateName(basename(absPath), attempt);
      const infoPath = join(infoDir, `${name}.trashinfo`);
      try {
        await writeFile(infoPath, info, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if (errorCodeOf(error) === 'EEXIST') continue;
        throw error;
      }
      // An orphan in files/ without its info file must not be overwritten either.
      if (!(await exists(join(filesDir, name)))) return { name, infoPath };
      await rm(infoPath, { force: true });
    }
    throw Object.assign(new Error(`No free name in the trash for ${absPath}`), { code: 'EEXIST' });
  }
}

/** "notes.txt", "notes.2.txt", "notes.3.txt", … */
export function candidateName(base: string, attempt: number): string {
  if (attempt === 1) return base;
  const ext = extname(base);
  return `${base.slice(0, base.length - ext.length)}.${attempt}${ext}`;
}

export function trashInfo(absPath: string, when: Date): string {
  // Path is URI-escaped per segment (RFC 2396) so that '%', '#', newlines etc. survive.
  const escaped = absPath.split('/').map(encodeURIComponent).join('/');
  return `[Trash Info]\nPath=${escaped}\nDeletionDate=${localIsoSeconds(when)}\n`;
}

/** YYYY-MM-DDThh:mm:ss in local time, no zone: the format the spec requires. */
function localIsoSeconds(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

async function deviceOfNearestExisting(p: string): Promise<number> {
  for (let dir = p; ; dir = dirname(dir)) {
    try {
      return (await stat(dir)).dev;
    } catch (error) {
      if (errorCodeOf(error) !== 'ENOENT' || dirname(dir) === dir) throw error;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The trash used when the embedder (Electron) injects none. */
export function createDefaultTrash(): TrashProvider {
  return new XdgTrash();
}
