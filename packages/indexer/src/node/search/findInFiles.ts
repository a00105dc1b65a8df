import { isBinaryContent } from '../../common/binaryContent.js';
import { decodeText } from '../../common/decodeText.js';
import { GlobFilter } from '../../common/globFilter.js';
import type { TextSearchEvent, TextSearchQuery } from '../../common/searchTypes.js';
import { locateMatches } from '../../common/textLocate.js';
import { compileTextQuery } from '../../common/textQuery.js';
import type { IndexReader } from '../store/indexReader.js';
import { textIndexReaderFor } from '../store/textIndexReader.js';
import { candidateFiles } from './candidateFiles.js';
import type { FileRefs } from './fileRefs.js';
import { DEFAULT_REGEX_TIME_LIMIT_MS, GuardedMatcher } from './guardedMatcher.js';
import { literalNeedle, locateLiteral } from './literalBytes.js';
import { readSmall } from './readSmall.js';

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
  const candidates = candidateFiles(reader, ids, ctx.dirtyKeys, filter);
  // A case-sensitive literal is verified on the bytes, decoding only the lines it is on.
  const needle = literalNeedle(query);

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
      if (!bytes || isBinaryContent(bytes)) continue;
      const limit = maxResults - found;
      // `bytes` may be the reused read buffer: the guard gets a copy, since it awaits.
      const matches = guard ? await guard.locate(Buffer.from(bytes), limit) : needle ? locateLiteral(bytes, needle, limit) : locateMatches(compiled, decodeText(bytes), limit);
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

/**
 * Runs the verifiers (the literal one on bytes, the regex one on decoded text) over a
 * made-up file until V8 has optimized them: the index's warm-up queries stop at their first
 * hit, so the first real search ran them unoptimized over megabytes (about 4 ms more).
 */
export function warmUpMatchers(): void {
  const text = Buffer.from(Array.from({ length: 2000 }, (_, i) => `  const value${i} = compute(${i}); // marker ${i}\n`).join(''));
  const needle = literalNeedle({ pattern: 'marker', caseSensitive: true })!;
  const regex = compileTextQuery({ pattern: 'marker\\s\\d+', isRegExp: true, caseSensitive: true });
  for (let i = 0; i < 10; i++) {
    isBinaryContent(text);
    locateLiteral(text, needle, Infinity);
    locateMatches(regex, decodeText(text), Infinity);
  }
}
