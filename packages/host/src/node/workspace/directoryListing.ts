import { ErrorCode, RpcError } from '@marie/protocol';
import type { Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFileName } from './atomicWrite.js';
import { compareEntries, type SortableEntry } from './naturalSort.js';

export interface DirectoryListingCacheOptions {
  ttlMs?: number;
  maxDirectories?: number;
  now?: () => number;
}

interface CachedListing {
  /** The folder's identity and mtime when read; any change to its entries changes it. */
  key: string;
  expires: number;
  entries: readonly SortableEntry[];
}

/**
 * Sorted names of recently listed folders, so paging through 20,000 entries reads and
 * sorts once. The short lifetime covers file systems whose mtime is too coarse to see
 * two changes within one tick.
 */
export class DirectoryListingCache {
  private readonly cache = new Map<string, CachedListing>();
  private readonly ttlMs: number;
  private readonly maxDirectories: number;
  private readonly now: () => number;

  constructor(options: DirectoryListingCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.maxDirectories = options.maxDirectories ?? 32;
    this.now = options.now ?? Date.now;
  }

  /** The folder's entries, folders first, natural order; `label` names it in errors. */
  async get(realDir: string, label: string): Promise<readonly SortableEntry[]> {
    const st = await stat(realDir, { bigint: true });
    if (!st.isDirectory()) throw new RpcError(ErrorCode.NotADirectory, `${label} is not a folder`);
    const key = `${st.dev}-${st.ino}-${st.mtimeNs}`;
    const hit = this.cache.get(realDir);
    this.cache.delete(realDir);
    if (hit && hit.key === key && hit.expires > this.now()) {
      this.cache.set(realDir, hit); // most recently used goes last
      return hit.entries;
    }
    const entries = await readSorted(realDir);
    this.cache.set(realDir, { key, expires: this.now() + this.ttlMs, entries });
    if (this.cache.size > this.maxDirectories) this.cache.delete(this.cache.keys().next().value!);
    return entries;
  }

  invalidate(realDir: string): void {
    this.cache.delete(realDir);
  }

  clear(): void {
    this.cache.clear();
  }
}

async function readSorted(dir: string): Promise<SortableEntry[]> {
  const dirents = await readdir(dir, { withFileTypes: true });
  const entries = await Promise.all(dirents.filter((d) => !isTempFileName(d.name)).map((d) => toEntry(dir, d)));
  return entries.sort(compareEntries);
}

async function toEntry(dir: string, d: Dirent): Promise<SortableEntry> {
  // Some file systems do not fill in the entry type; only those cost an lstat.
  const known = d.isFile() || d.isDirectory() || d.isSymbolicLink() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice();
  if (known) return { name: d.name, isDirectory: d.isDirectory() };
  const st = await lstat(join(dir, d.name)).catch(() => undefined);
  return { name: d.name, isDirectory: st?.isDirectory() ?? false };
}
