/**
 * One worker's parsing: job in, ParseResult out. Holds the language runtimes, the time
 * limit (tree-sitter's parse timeout and the query cursor's), the result cache, and a
 * count of parsed bytes so the worker loop knows when to force a collection.
 */
import { createHash } from 'node:crypto';
import { packTags } from '../common/packedTags.js';
import type { ParseFailure, ParseOutcome } from '../common/tags.js';
import type { FaultInjection, ParseJob, ParseLimits, ParseResult, ParseTimings } from './protocol.js';
import type { LanguageRegistry } from './languageRegistry.js';
import { LanguageRuntimes, type LanguageRuntime } from './languageRuntime.js';
import { decodeSource, readSource } from './readSource.js';
import { isBinaryContent } from '../common/binaryContent.js';
import { RecentTrees } from './recentTrees.js';
import { ResultCache } from './resultCache.js';
import { extractTags } from './extractTags.js';
import { tableOfMatches, type MatchTable } from './matchTable.js';
import { NativeFlag, type NativeQuery, type NativeTree } from './nativeTags.js';
import type Parser from 'tree-sitter';

/** Most tags kept for one file; past it the file is marked incomplete (a 50 MB bundle has millions of calls). */
const MAX_TAGS_PER_FILE = 100_000;

export class TagsEngine {
  private readonly runtimes: LanguageRuntimes;
  private readonly cache: ResultCache;
  /** Trees of files recently saved from the editor, for incremental re-parsing. */
  private readonly recentTrees = new RecentTrees<Parser.Tree>();
  /** The same for the addon's trees. */
  private readonly recentNativeTrees = new RecentTrees<NativeTree>();
  private bytesSinceCollection = 0;
  private bytesSinceScavenge = 0;

  constructor(
    private readonly registry: LanguageRegistry,
    private readonly limits: ParseLimits,
    private readonly faults: FaultInjection | undefined = undefined,
  ) {
    this.runtimes = new LanguageRuntimes(registry, limits.matcher);
    this.cache = new ResultCache(limits.resultCacheBytes);
  }

  /**
   * Which collection is due, if any, now that trees of that many bytes were parsed: their
   * native memory is only freed by the finalizers of their (young) wrappers.
   */
  takeCollectionDue(): 'full' | 'minor' | undefined {
    if (this.bytesSinceCollection >= this.limits.gcEveryBytes) {
      this.bytesSinceCollection = this.bytesSinceScavenge = 0;
      return 'full';
    }
    if (this.bytesSinceScavenge < this.limits.minorGcEveryBytes) return undefined;
    this.bytesSinceScavenge = 0;
    return 'minor';
  }

  async parse(job: ParseJob): Promise<ParseResult> {
    this.injectFaults(job.path);
    const language = job.language ?? this.registry.forPath(job.path)?.id;
    if (!language || !this.registry.get(language)) return failed(job.path, 'unsupported', `no language for ${job.path}`);

    const t0 = performance.now();
    let bytes: Uint8Array;
    let mtimeMs: number | undefined;
    if (job.content) {
      bytes = job.content;
      if (bytes.length > this.limits.maxFileBytes) return failed(job.path, 'too-large', `${bytes.length} bytes is over the ${this.limits.maxFileBytes}-byte limit`, bytes.length);
    } else {
      const read = readSource(job.path, this.limits.maxFileBytes);
      if (!read.ok) return { ...failed(job.path, read.reason, read.message, read.size), ...(read.mtimeMs !== undefined ? { mtimeMs: read.mtimeMs } : {}) };
      bytes = read.bytes;
      mtimeMs = read.mtimeMs;
    }
    const identity = { path: job.path, size: bytes.length, ...(mtimeMs !== undefined ? { mtimeMs } : {}) };
    if (isBinaryContent(bytes)) return { ...identity, outcome: { ok: false, reason: 'binary', message: 'a NUL byte' } };

    const sha1 = job.content && job.contentSha1 !== undefined ? job.contentSha1 : createHash('sha1').update(bytes).digest('hex');
    const cacheKey = `${language}\0${sha1}`;
    // An opened file's parse is for its tree, which a cached outcome does not give.
    const cached = job.opened ? undefined : this.cache.get(cacheKey);
    if (cached) return { ...identity, sha1, outcome: cached, cached: true };

    const source = decodeSource(bytes);
    const readMs = performance.now() - t0;
    let runtime: LanguageRuntime;
    try {
      runtime = await this.runtimes.get(language);
    } catch (error) {
      return { ...identity, sha1, outcome: { ok: false, reason: 'unsupported', message: `language ${language} failed to load: ${(error as Error).message}` } };
    }
    const timings: ParseTimings = { readMs, parseMs: 0, queryMs: 0, extractMs: 0 };
    // An editor save re-parses from the file's previous tree (the addon's when it is built,
    // else the binding's); bulk parses and warm-ups keep no tree.
    const keep = job.priority === 'interactive' && job.keepTree !== false;
    const reusedTree = keep && (runtime.native ? this.recentNativeTrees : this.recentTrees).has(job.path, language);
    const outcome = runtime.native
      ? this.tagNative(runtime, runtime.native, language, source, timings, keep ? job.path : undefined)
      : this.tag(runtime, language, source, bytes.length, timings, keep ? { path: job.path, trees: this.recentTrees } : undefined);
    if (outcome.ok || outcome.reason === 'timeout') this.cache.set(cacheKey, outcome);
    return { ...identity, sha1, outcome, timings, ...(reusedTree ? { reusedTree } : {}) };
  }

  /**
   * Parse and query in one native call; the tree never reaches JavaScript. An editor save
   * (`savedPath`) starts from the file's kept tree and keeps the new one.
   */
  private tagNative(runtime: LanguageRuntime, native: NativeQuery, language: string, source: string, timings: ParseTimings, savedPath?: string): ParseOutcome {
    const limitMs = this.limits.timeLimitMs;
    const t0 = performance.now();
    const kept = savedPath === undefined ? undefined : (this.recentNativeTrees.take(savedPath, language, source) ?? native.newTree());
    const { flags, table } = native.run(source, limitMs, this.limits.matchLimit, kept);
    if (kept && savedPath !== undefined) this.recentNativeTrees.keep(savedPath, language, source, kept);
    const t1 = performance.now();
    timings.parseMs = t1 - t0; // parse and query: one call, not split
    if (flags & NativeFlag.parseTimeout) return { ok: false, reason: 'timeout', message: `tree-sitter halted parsing at the ${limitMs} ms limit` };
    if (flags & NativeFlag.queryTimeout) return timedOut(limitMs, 'the tags query');
    return this.finish(runtime, language, source, table, (flags & NativeFlag.hasError) !== 0, (flags & NativeFlag.matchLimit) !== 0, timings, t1);
  }

  private tag(runtime: LanguageRuntime, language: string, source: string, size: number, timings: ParseTimings, recent?: { path: string; trees: RecentTrees<Parser.Tree> }): ParseOutcome {
    // The binding's trees hold native memory until their wrappers are collected.
    this.bytesSinceCollection += size;
    this.bytesSinceScavenge += size;
    const limitMs = this.limits.timeLimitMs;
    const t0 = performance.now();
    const { parser, query } = runtime;
    parser.setTimeoutMicros(Math.max(1, Math.round(limitMs * 1000)));
    const oldTree = recent?.trees.take(recent.path, language, source);
    const tree = parser.parse(source, oldTree) as ReturnType<typeof parser.parse> | null | undefined;
    if (tree && recent) recent.trees.keep(recent.path, language, source, tree);
    const t1 = performance.now();
    timings.parseMs = t1 - t0;
    if (!tree) {
      // A halted parse resumes on the next call unless reset.
      parser.reset();
      return { ok: false, reason: 'timeout', message: `tree-sitter halted parsing at the ${limitMs} ms limit` };
    }
    const remainingMs = limitMs - (t1 - t0);
    if (remainingMs <= 0) return timedOut(limitMs, 'parsing');
    const root = tree.rootNode;
    const matches = query.matches(root, { matchLimit: this.limits.matchLimit, timeoutMicros: Math.max(1, Math.round(remainingMs * 1000)) });
    const t2 = performance.now();
    timings.queryMs = t2 - t1;
    // The query cursor stops silently at its timeout; the clock tells whether it did.
    if (t2 - t0 >= limitMs) return timedOut(limitMs, 'the tags query');
    const table = tableOfMatches(matches, runtime.captureIds, source);
    return this.finish(runtime, language, source, table, root.hasError, query.didExceedMatchLimit(), timings, t2);
  }

  private finish(runtime: LanguageRuntime, language: string, source: string, table: MatchTable, syntaxErrors: boolean, overMatchLimit: boolean, timings: ParseTimings, since: number): ParseOutcome {
    const extracted = extractTags(table, runtime.roles, runtime.containerKinds, source, MAX_TAGS_PER_FILE);
    timings.extractMs = performance.now() - since;
    return { ok: true, tags: packTags(language, extracted, { syntaxErrors, incomplete: extracted.capped || overMatchLimit }) };
  }

  private injectFaults(path: string): void {
    if (!this.faults) return;
    if (this.faults.exitOnPathContaining && path.includes(this.faults.exitOnPathContaining)) process.exit(70);
    if (this.faults.hangOnPathContaining && path.includes(this.faults.hangOnPathContaining)) for (;;);
  }
}

function failed(path: string, reason: ParseFailure, message: string, size?: number): ParseResult {
  return { path, outcome: { ok: false, reason, message }, ...(size !== undefined ? { size } : {}) };
}

function timedOut(limitMs: number, phase: string): ParseOutcome {
  return { ok: false, reason: 'timeout', message: `${phase} took longer than ${limitMs} ms` };
}
