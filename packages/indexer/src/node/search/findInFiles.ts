import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { decodeText } from '../../common/decodeText.js';
import { GlobFilter } from '../../common/globFilter.js';
import type { TextSearchEvent, TextSearchQuery } from '../../common/searchTypes.js';
import { locateMatches } from '../../common/textLocate.js';
import { compileTextQuery } from '../../common/textQuery.js';
import type { IndexReader } from '../store/indexReader.js';
import { ContentFlag, FileState } from '../store/schema.js';
import { textIndexReaderFor } from '../store/textIndexReader.js';
import type { FileRefs } from './fileRefs.js';
import { DEFAULT_REGEX_TIME_LIMIT_MS, GuardedMatcher } from './guardedMatcher.js';

export interface FindInFilesContext {
  reader: IndexReader;
  refs: FileRefs;
  maxTextBytes: number;
  /** Files known to differ from the index (changed, not yet re-indexed): always scanned. */
  dirtyKeys: ReadonlySet<string>;
  /** The file list itself may be incomplete (discovery still running). */
  partial: boolean;
  /** Ignore the trigram index (it failed): read every listed text file. */
  scanAll?: boolean;
  /** Longest a risky regex may run on one file before that file is skipped (default 2 s). */
  regexTimeLimitMs?: number;
}

const DEFAULT_MAX_RESULTS = 20_000;
/** Longest stretch of synchronous reading and matching before yielding to other tasks. */
const SLICE_MS = 8;

/** The file's bytes, or undefined when it is gone, unreadable or over `max` bytes. */
function readSmall(path: string, max: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > max) return undefined;
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      const r = readSync(fd, buf, n, size - n, null);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Find in files, answered from the trigram index and verified: the index only narrows the
 * files to read (those whose content may contain the query's required trigrams, plus every
 * file the index cannot vouch for: pending, changed, or not text-indexed yet); each
 * candidate is read from disk and matched, so every hit is checked against the file's
 * current content. Files stream out in path order.
 */
export async function* findInFiles(ctx: FindInFilesContext, query: TextSearchQuery, signal?: AbortSignal): AsyncGenerator<TextSearchEvent> {
  const compiled = compileTextQuery(query);
  const filter = new GlobFilter(query.includes, query.excludes);
  const maxResults = query.maxResults ?? DEFAULT_MAX_RESULTS;
  const { reader, refs } = ctx;
  const db = reader.connection;
  const ids = db && !ctx.scanAll ? textIndexReaderFor(db).candidates(compiled.plan) : null;
  let maxId = 0;
  if (ids) for (const id of ids) maxId = Math.max(maxId, id);
  const mayMatch = new Uint8Array(maxId + 1);
  if (ids) for (const id of ids) mayMatch[id] = 1;

  const candidates: { root: number; rel: string }[] = [];
  const { rels, roots, contentIds, states } = reader.files;
  const anyDirty = ctx.dirtyKeys.size > 0;
  const filtering = !filter.isEmpty;
  for (let slot = 0; slot < rels.length; slot++) {
    // Listed but not read yet (a build in progress): nothing is known, so it is read.
    const pending = states[slot] === FileState.Pending;
    if (states[slot] !== FileState.Ok && !pending) continue;
    const contentId = contentIds[slot]!;
    const root = roots[slot]!;
    const rel = rels[slot]!;
    const dirty = pending || (anyDirty && ctx.dirtyKeys.has(`${root}\0${rel}`));
    // Ruled out by the index: the cheapest test first, before flags and globs.
    if (!dirty && ids && contentId !== null && (contentId >= mayMatch.length || mayMatch[contentId] === 0) && (reader.contentFlags.get(contentId) ?? 0) & ContentFlag.TextIndexed) continue;
    if (filtering && !filter.accepts(rel)) continue;
    const flags = contentId === null ? 0 : (reader.contentFlags.get(contentId) ?? 0);
    if (!dirty && flags & ContentFlag.Binary) continue;
    const vouched = !dirty && flags & ContentFlag.TextIndexed;
    if (vouched && ids && (contentId! >= mayMatch.length || mayMatch[contentId!] === 0)) continue;
    candidates.push({ root, rel });
  }
  candidates.sort((a, b) => a.root - b.root || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  let found = 0;
  let searched = 0;
  let timedOut = 0;
  let limitHit = false;
  const guard = compiled.risky ? new GuardedMatcher(query, ctx.regexTimeLimitMs ?? DEFAULT_REGEX_TIME_LIMIT_MS) : undefined;
  // Synchronous reads (microseconds each for source files, far cheaper than a promise per
  // file), in slices; the consumer gets each file's matches as soon as it is verified.
  let sliceStart = performance.now();
  try {
    for (let i = 0; i < candidates.length; i++) {
      if (signal?.aborted) break;
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
      const bytes = readSmall(refs.ref(candidates[i]!.root, candidates[i]!.rel).path, ctx.maxTextBytes);
      if (!bytes || bytes.indexOf(0) >= 0) continue;
      const matches = guard ? await guard.locate(bytes, maxResults - found) : locateMatches(compiled, decodeText(bytes), maxResults - found);
      if (matches === 'timeout') {
        timedOut++;
        continue;
      }
      searched++;
      if (matches.length === 0) continue;
      found += matches.length;
      yield { type: 'file', ...refs.ref(candidates[i]!.root, candidates[i]!.rel), matches };
      if (found >= maxResults) {
        limitHit = true;
        break;
      }
    }
  } finally {
    guard?.close();
  }
  yield { type: 'done', limitHit, partial: ctx.partial, filesSearched: searched, fromIndex: ids !== null, ...(timedOut > 0 ? { timedOut } : {}) };
}
