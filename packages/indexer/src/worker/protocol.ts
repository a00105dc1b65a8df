/**
 * The messages between the parse pool (main thread) and a parse worker. Plain data only,
 * so everything structured-clones; file bytes are read in the worker, not copied here.
 */
import type { ParseOutcome } from '../common/tags.js';

/** One file to parse. */
export interface ParseJob {
  /** Absolute path; the worker reads it unless `content` is given. */
  path: string;
  /** The file's bytes when the caller already has them (an unsaved editor buffer). */
  content?: Uint8Array;
  /**
   * `content` owns its ArrayBuffer and nothing else reads it: the buffer is moved to the
   * worker, not copied, so the main thread keeps no dead copy (a cold build reads 600 MB).
   * A job sent again after its worker died then has no bytes, and the worker reads the
   * file; the result's `sha1` says which bytes it parsed.
   */
  transfer?: boolean;
  /**
   * SHA-1 (hex) of `content` when the caller computed it (the index hashes every file it
   * reads): the worker trusts it instead of hashing the bytes again, and ignores it when it
   * reads the file itself (a job sent again after its worker died took the bytes).
   */
  contentSha1?: string;
  /** Language id (a folder under languages/); detected from the path when absent. */
  language?: string;
  /**
   * False: an interactive job whose tree is not kept for the file's next save (a warm-up's:
   * its trees would hold native memory until real saves pushed them out).
   */
  keepTree?: boolean;
  /**
   * The file was opened in the editor: parse it now (never from the result cache) and keep
   * its tree, so its first save re-parses incrementally. Only with `priority: 'interactive'`.
   */
  opened?: boolean;
  /**
   * What makes this version of the file distinct (e.g. `size:mtime` or a hash). A file
   * that crashed a worker twice is quarantined for this identity only.
   */
  identity?: string;
  /**
   * An editor save someone waits for: queued ahead of bulk work (past the queue's bound)
   * and sent to a worker alone, so its answer does not wait for a batch of bulk files.
   */
  priority?: 'interactive' | 'bulk';
}

/** Where the time for one file went, in milliseconds of worker CPU-ish wall time. */
export interface ParseTimings {
  readMs: number;
  /** With the native addon, parse and query together (one call); queryMs is then 0. */
  parseMs: number;
  queryMs: number;
  extractMs: number;
}

/** The answer for one job. */
export interface ParseResult {
  path: string;
  outcome: ParseOutcome;
  /** Bytes actually parsed (after the read; absent when the file was not read). */
  size?: number;
  /** The file's mtime as the worker saw it when it read the file. */
  mtimeMs?: number;
  /** SHA-1 of the bytes that were parsed, hex. */
  sha1?: string;
  timings?: ParseTimings;
  /** The result was reused from an earlier identical file (same bytes and language). */
  cached?: boolean;
  /** An editor save re-parsed from the file's kept tree (opened or saved before), not in full. */
  reusedTree?: boolean;
}

export interface ParseLimits {
  /** Files larger than this are `too-large` without being read. */
  maxFileBytes: number;
  /** Parse plus query time allowed per file before it is a `timeout`. */
  timeLimitMs: number;
  /** In-progress match limit for tags queries (tree-sitter drops the oldest past it). */
  matchLimit: number;
  /** Run a forced full collection after this many parsed bytes (trees hold native memory V8 does not see). */
  gcEveryBytes: number;
  /**
   * Run a forced young-generation collection (a scavenge, about a millisecond) after this
   * many parsed bytes: a tree's wrapper dies young, and a scavenge runs its finalizer, which
   * frees the tree's native memory. Cheaper and more often than the full collection.
   */
  minorGcEveryBytes: number;
  /** Bytes of results kept per worker to answer identical files without parsing; 0 disables. */
  resultCacheBytes: number;
  /**
   * How tags are matched: `walk` (default) the native walk matcher, `query` the native addon
   * with tree-sitter's query cursor, `binding` the tree-sitter binding without the addon. Each
   * falls back to the next when it cannot serve (addon not built, a query the walker does not
   * do). For comparisons (tests, `bench:index`); `MARIE_INDEXER_WALKER=0` and
   * `MARIE_INDEXER_NATIVE=0` set the default.
   */
  matcher?: TagMatcher;
}

export type TagMatcher = 'walk' | 'query' | 'binding';

/**
 * Test-only fault injection, off unless the pool is given it: a worker that sees a path
 * containing `exitOnPathContaining` exits as if it crashed; `hangOnPathContaining` spins
 * forever in JavaScript, beyond the reach of tree-sitter's own timeout.
 */
export interface FaultInjection {
  exitOnPathContaining?: string;
  hangOnPathContaining?: string;
}

export interface WorkerInit {
  languagesDir: string;
  limits: ParseLimits;
  /** Shared progress slots, see ProgressSlot. */
  progress: SharedArrayBuffer;
  /** Date.now() at pool start; progress times are stored relative to it to fit Int32. */
  epochMs: number;
  faultInjection?: FaultInjection;
}

/**
 * Int32 slots of the shared progress buffer. The worker writes which job it is on, so
 * the main side knows the culprit of a crash or a hang without a message per file.
 */
export const ProgressSlot = {
  /** Batch id being worked on, or -1 when idle. */
  batch: 0,
  /** Index of the current job within that batch, or -1 between files. */
  job: 1,
  /** When the current job started, ms since epochMs. */
  startedAt: 2,
  /** Batches with an id at or below this value stop after their current file. */
  stopThrough: 3,
} as const;
export const PROGRESS_SLOTS = 4;

export type MainToWorker =
  | { type: 'batch'; batchId: number; jobs: ParseJob[] }
  | { type: 'close' };

export type WorkerToMain =
  | { type: 'ready' }
  /**
   * Results in job order; jobs from index `results.length` on were skipped by a stop.
   * `cpuMs` is the thread's CPU time so far (Linux; absent elsewhere), for profiling.
   */
  | { type: 'batch-done'; batchId: number; results: ParseResult[]; cpuMs?: number }
  | { type: 'fatal'; message: string };
