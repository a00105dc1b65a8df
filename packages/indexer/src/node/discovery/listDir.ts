import { readdirSync, statSync } from 'node:fs';
import { nativeAddon } from '../../worker/nativeAddon.js';

/** What an entry is; a symlink is reported as such (the walker decides whether to follow it). */
export const EntryKind = { Other: 0, File: 1, Dir: 2, Symlink: 3, /** A regular file whose stat failed. */ Unreadable: 4 } as const;

/** Numbers per entry in `DirListing.info`: kind, size, mtime (ms, as `Stats.mtimeMs`), unused. */
export const LIST_FIELDS = 4;
export const F_KIND = 0;
export const F_SIZE = 1;
export const F_MTIME = 2;

/**
 * One directory's entries, names in bytewise order (as `readdirSync` returns them), with
 * LIST_FIELDS numbers each in one typed array: a warm start lists ~100k files, and one
 * `Dirent` plus one `Stats` (with its four `Date`s) per file was a good part of its time
 * and of its garbage. Size and mtime are set for regular files only.
 */
export interface DirListing {
  names: string[];
  info: Float64Array;
}

/** Lists a directory; throws when it cannot be read. */
export type ListDir = (dir: string) => DirListing;

/** `fs` only: a `Dirent` per entry, a `stat` per regular file. */
export function listDirJs(dir: string): DirListing {
  const entries = readdirSync(dir, { withFileTypes: true });
  const names = new Array<string>(entries.length);
  const info = new Float64Array(entries.length * LIST_FIELDS);
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    names[i] = e.name;
    const at = i * LIST_FIELDS;
    if (e.isDirectory()) info[at] = EntryKind.Dir;
    else if (e.isSymbolicLink()) info[at] = EntryKind.Symlink;
    else if (e.isFile()) {
      try {
        const st = statSync(prefix + e.name);
        info[at] = EntryKind.File;
        info[at + F_SIZE] = st.size;
        info[at + F_MTIME] = st.mtimeMs;
      } catch {
        info[at] = EntryKind.Unreadable;
      }
    }
  }
  return { names, info };
}

interface ListAddon {
  /** [names, per entry: kind, size, mtime seconds, mtime nanoseconds] (native/tags.c). */
  listDir(dir: string): [string[], Float64Array];
}

/**
 * The same listing from the native addon (native/tags.c `listDir`): one call per
 * directory, no per-entry objects but the name strings.
 */
function listDirWith(addon: ListAddon): ListDir {
  return (dir) => {
    const [names, info] = addon.listDir(dir);
    for (let at = 0; at < info.length; at += LIST_FIELDS) {
      // Seconds and nanoseconds to milliseconds exactly as Node computes `Stats.mtimeMs`.
      if (info[at] !== EntryKind.File) continue;
      info[at + F_MTIME] = info[at + F_MTIME]! * 1e3 + info[at + F_MTIME + 1]! / 1e6;
      info[at + F_MTIME + 1] = 0;
    }
    return { names, info };
  };
}

let native: ListDir | null | undefined;

/** The addon's lister, or undefined when the addon is not built (or `MARIE_INDEXER_NATIVE=0`). */
export function nativeListDir(): ListDir | undefined {
  if (native === undefined) {
    const addon = nativeAddon();
    // An addon built before listDir existed lacks it: fall back.
    native = typeof addon?.listDir === 'function' ? listDirWith(addon as unknown as ListAddon) : null;
  }
  return native ?? undefined;
}

/** The fastest lister available. */
export function defaultListDir(): ListDir {
  return nativeListDir() ?? listDirJs;
}
