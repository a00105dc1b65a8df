import { lstatSync, realpathSync, statSync } from 'node:fs';
import { IGNORE_FILE_NAMES } from '../discovery/ignoreResolver.js';
import { walk, type WalkedFile, type WalkIssue, type WalkRoot } from '../discovery/walker.js';
import type { FileRefs } from '../search/fileRefs.js';
import { fileKey, type IndexWriter, type StoredFile } from '../store/indexWriter.js';
import { ContentFlag, FileState } from '../store/schema.js';
import type { BuildLimits, FileRemoval, FileUpsert } from './indexPipeline.js';

export interface FileChanges {
  upserts: FileUpsert[];
  removals: FileRemoval[];
}

/** Does the stored state of a file that is on disk with this size and mtime need work? */
export function needsWork(stored: StoredFile | undefined, size: number, mtime: number, writer: IndexWriter, limits: BuildLimits): boolean {
  if (!stored || !stored.present || stored.size !== size || stored.mtime !== mtime) return true;
  if (stored.state === FileState.TooLarge) return size <= limits.maxTextBytes;
  if (stored.state !== FileState.Ok || stored.contentId === null) return true;
  const flags = writer.contentFlags(stored.contentId);
  // Interrupted earlier (not parsed, or not in the text index yet): the bytes are needed again.
  return !(flags & ContentFlag.Parsed) || (!(flags & ContentFlag.Binary) && !(flags & ContentFlag.TextIndexed));
}

/**
 * Compares a metadata scan with what is stored: new or changed files (by size and mtime)
 * and stored files that are gone. `under` limits removals to those directories (a partial
 * scan); without it the scan covered everything.
 */
export function diffWithStored(walked: readonly WalkedFile[], writer: IndexWriter, limits: BuildLimits, under?: readonly { root: number; rel: string }[]): FileChanges {
  const upserts: FileUpsert[] = [];
  const seen = new Set<StoredFile>();
  for (const f of walked) {
    const stored = writer.files.get(fileKey(f.root, f.rel));
    if (stored?.present) seen.add(stored);
    if (needsWork(stored, f.size, f.mtime, writer, limits)) upserts.push(f);
  }
  const removals: FileRemoval[] = [];
  const inScope = (f: StoredFile): boolean => !under || under.some((u) => u.root === f.root && (u.rel === '' || f.rel === u.rel || f.rel.startsWith(`${u.rel}/`)));
  for (const f of writer.files.values()) if (f.present && !seen.has(f) && inScope(f)) removals.push({ root: f.root, rel: f.rel });
  return { upserts, removals };
}

/** Walks whole roots or subdirectories, collecting files and issues. */
export async function scan(allRoots: readonly WalkRoot[], start: readonly { root: WalkRoot; rel: string }[], signal?: AbortSignal, onIssue?: (issue: WalkIssue) => void): Promise<WalkedFile[]> {
  const files: WalkedFile[] = [];
  await walk({ allRoots, start, signal, onFile: (f) => files.push(f), ...(onIssue ? { onIssue } : {}) });
  return files;
}

/**
 * Turns watcher paths into index changes. A changed file is re-read (its hash decides
 * whether anything is re-parsed); a new or renamed directory is walked; a vanished path
 * removes the file or everything under it. A changed ignore file asks for a full rescan,
 * since it can change which files belong to the index at all.
 */
export async function changesForPaths(paths: Iterable<string>, roots: readonly WalkRoot[], refs: FileRefs, writer: IndexWriter, limits: BuildLimits): Promise<FileChanges & { rescan: boolean }> {
  const upserts: FileUpsert[] = [];
  const removals: FileRemoval[] = [];
  const gone: { root: number; rel: string }[] = [];
  const dirs: { root: WalkRoot; rel: string }[] = [];
  let rescan = false;
  for (const path of paths) {
    const where = refs.locate(path);
    if (!where) continue;
    const name = where.rel.slice(where.rel.lastIndexOf('/') + 1);
    if (where.rel === '' || IGNORE_FILE_NAMES.has(name) || where.rel.includes('.git/info/exclude')) {
      rescan = true;
      continue;
    }
    const root = roots[where.root]!;
    let isDir: boolean;
    let isFile: boolean;
    let size = 0;
    let mtime = 0;
    try {
      const link = lstatSync(path);
      const st = link.isSymbolicLink() ? statSync(realpathSync(path)) : link;
      if (link.isSymbolicLink() && !roots.some((r) => realpathSync(path).startsWith(`${r.realPath}/`))) throw new Error('outside');
      isDir = st.isDirectory();
      isFile = st.isFile();
      size = st.size;
      mtime = st.mtimeMs;
    } catch {
      gone.push(where);
      continue;
    }
    if (root.ignore.isIgnored(where.rel, isDir)) {
      gone.push(where); // e.g. now a directory that is excluded: drop what was stored
      continue;
    }
    if (isDir) dirs.push({ root, rel: where.rel });
    else if (isFile) upserts.push({ root: where.root, rel: where.rel, size, mtime });
  }
  if (dirs.length > 0) {
    const walked = await scan(roots, dirs);
    const diff = diffWithStored(walked, writer, limits, dirs.map((d) => ({ root: d.root.index, rel: d.rel })));
    upserts.push(...diff.upserts);
    removals.push(...diff.removals);
  }
  if (gone.length > 0) {
    const goneKeys = new Set(gone.map((g) => fileKey(g.root, g.rel)));
    for (const f of writer.files.values()) {
      if (!f.present) continue;
      let rel = f.rel;
      for (;;) {
        if (goneKeys.has(fileKey(f.root, rel))) {
          removals.push({ root: f.root, rel: f.rel });
          break;
        }
        const slash = rel.lastIndexOf('/');
        if (slash < 0) break;
        rel = rel.slice(0, slash);
      }
    }
  }
  return { upserts, removals, rescan };
}
