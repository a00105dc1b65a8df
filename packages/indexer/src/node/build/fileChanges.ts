import { lstatSync, realpathSync, statSync } from 'node:fs';
import { isIgnoreRulesFile } from '../discovery/ignoreResolver.js';
import { walk, type WalkIssue, type WalkRoot } from '../discovery/walker.js';
import type { FileRefs } from '../search/fileRefs.js';
import { fileKey, type IndexWriter } from '../store/indexWriter.js';
import { ContentFlag, FileState } from '../store/schema.js';
import type { BuildLimits, FileRemoval, FileUpsert } from './indexPipeline.js';

export interface FileChanges {
  upserts: FileUpsert[];
  removals: FileRemoval[];
}

/** Does the stored file in `slot` (undefined: none), on disk with this size and mtime, need work? */
export function needsWork(writer: IndexWriter, slot: number | undefined, size: number, mtime: number, limits: BuildLimits): boolean {
  const files = writer.files;
  if (slot === undefined || files.present[slot] !== 1 || files.sizes[slot] !== size || files.mtimes[slot] !== mtime) return true;
  const state = files.states[slot];
  if (state === FileState.TooLarge) return size <= limits.maxTextBytes;
  const contentId = files.contentOf(slot);
  if (state !== FileState.Ok || contentId === null) return true;
  const flags = writer.contentFlags(contentId);
  // Interrupted earlier (not parsed, or not in the text index yet): the bytes are needed again.
  return !(flags & ContentFlag.Parsed) || (!(flags & ContentFlag.Binary) && !(flags & ContentFlag.TextIndexed));
}

/**
 * Walks whole roots or subdirectories (a metadata scan) and compares each file with what
 * is stored as it is found: new or changed files (by size and mtime), then stored files
 * that are gone. `under` limits removals to the walked directories (a partial scan);
 * without it the scan covered everything. Unchanged files leave nothing behind (on a warm
 * start, nearly all of them): the walk's records die young instead of being kept for a
 * second pass.
 */
export async function scanChanges(
  allRoots: readonly WalkRoot[],
  start: readonly { root: WalkRoot; rel: string }[],
  writer: IndexWriter,
  limits: BuildLimits,
  options: { signal?: AbortSignal; onIssue?: (issue: WalkIssue) => void; under?: readonly { root: number; rel: string }[]; watchDir?: ((dir: string) => void) | undefined } = {},
): Promise<FileChanges> {
  const files = writer.files;
  const upserts: FileUpsert[] = [];
  // Stored files found on disk, by slot. A file stored while the walk runs (an editor
  // save) has a slot past these and is never taken for gone.
  const seen = new Uint8Array(files.slots);
  await walk({
    allRoots,
    start,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onIssue ? { onIssue: options.onIssue } : {}),
    watchDir: options.watchDir,
    onFile: (f) => {
      const slot = files.slotOf(f.root, f.rel);
      if (slot !== undefined && slot < seen.length) seen[slot] = 1;
      if (needsWork(writer, slot, f.size, f.mtime, limits)) upserts.push(f);
    },
  });
  const removals: FileRemoval[] = [];
  const under = options.under;
  for (let slot = 0; slot < seen.length; slot++) {
    if (seen[slot] === 1 || !files.isPresent(slot)) continue;
    const root = files.roots[slot]!;
    const rel = files.rels[slot]!;
    if (!under || under.some((u) => u.root === root && (u.rel === '' || rel === u.rel || rel.startsWith(`${u.rel}/`)))) removals.push({ root, rel });
  }
  return { upserts, removals };
}

/**
 * Turns watcher paths into index changes. A changed file is re-read (its hash decides
 * whether anything is re-parsed); a new or renamed directory is walked; a vanished path
 * removes the file or everything under it. A changed ignore file asks for a full rescan,
 * since it can change which files belong to the index at all.
 */
export async function changesForPaths(
  paths: Iterable<string>,
  roots: readonly WalkRoot[],
  refs: FileRefs,
  writer: IndexWriter,
  limits: BuildLimits,
  watchDir?: (dir: string) => void,
): Promise<FileChanges & { rescan: boolean }> {
  const upserts: FileUpsert[] = [];
  const removals: FileRemoval[] = [];
  const gone: { root: number; rel: string }[] = [];
  const dirs: { root: WalkRoot; rel: string }[] = [];
  let rescan = false;
  for (const path of paths) {
    const where = refs.locate(path);
    // Outside every root: what matters there (WriterSession.onEvents) was asked for as a rescan.
    if (!where) continue;
    if (where.rel === '' || isIgnoreRulesFile(path)) {
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
    const diff = await scanChanges(roots, dirs, writer, limits, { under: dirs.map((d) => ({ root: d.root.index, rel: d.rel })), watchDir });
    upserts.push(...diff.upserts);
    removals.push(...diff.removals);
  }
  if (gone.length > 0) {
    const goneKeys = new Set(gone.map((g) => fileKey(g.root, g.rel)));
    const files = writer.files;
    for (let slot = 0; slot < files.slots; slot++) {
      if (!files.isPresent(slot)) continue;
      const root = files.roots[slot]!;
      let rel = files.rels[slot]!;
      for (;;) {
        if (goneKeys.has(fileKey(root, rel))) {
          removals.push({ root, rel: files.rels[slot]! });
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
