import { join } from 'node:path';
import { isBinaryContent } from '../../common/binaryContent.js';
import type { ParseOutcome } from '../../common/tags.js';
import type { IndexWriter, StoredContent } from '../store/indexWriter.js';
import { ContentFlag, FileState } from '../store/schema.js';
import type { TagRequest, TagSource } from '../tagSource.js';
import { trimMemory } from '../../worker/nativeTags.js';
import { AsyncQueue } from './asyncQueue.js';
import { paceHeapGrowth } from './heapGrowth.js';
import type { ProgressTracker } from './progressTracker.js';
import { FileTooLarge, hashBytes, readContent, type FileContent } from './readContent.js';

export interface FileUpsert {
  root: number;
  rel: string;
  size: number;
  mtime: number;
  /** The bytes when the caller has them (an editor save): not read from disk. */
  content?: Uint8Array;
}

export interface FileRemoval {
  root: number;
  rel: string;
}

export interface BuildLimits {
  /** Files larger than this are not parsed (default 1 MB). */
  maxParseBytes: number;
  /** Files larger than this are not read at all: not parsed, not searched (default 16 MB). */
  maxTextBytes: number;
}

export interface PipelineDeps {
  rootPaths: readonly string[];
  writer: IndexWriter;
  tags: TagSource;
  limits: BuildLimits;
  progress?: ProgressTracker;
  readConcurrency?: number;
}

/**
 * Brings stored files in line with disk: read, hash, and — only for content never seen
 * before — text-index and parse. Identical files share one content, parsed once. Reads run
 * a few at a time and feed the tag source through a bounded queue; results are stored as
 * they arrive, in the writer's batches. Resolves once everything is committed.
 */
export class IndexPipeline {
  /** Contents queued for parsing by some run, so a second file with the same bytes waits for it. */
  private readonly parsing = new Set<number>();

  constructor(private readonly deps: PipelineDeps) {}

  absPath(root: number, rel: string): string {
    return join(this.deps.rootPaths[root]!, ...rel.split('/'));
  }

  /** Stores the changes; resolves with how many files were sent to the tag source. */
  async apply(upserts: readonly FileUpsert[], removals: readonly FileRemoval[], options: { signal?: AbortSignal; interactive?: boolean } = {}): Promise<number> {
    const { writer, tags, progress } = this.deps;
    for (const r of removals) writer.removeFile(r.root, r.rel);
    const requests = new AsyncQueue<TagRequest>(64);
    const waiting = new Map<string, { contentId: number; bytes: number; hash: string }>();
    const commits = setInterval(() => writer.commit(), 50);
    // Freed buffers (file bytes, batches, messages) stay resident in glibc's arenas until
    // trimmed (docs/decisions.md, "Indexer cold build: memory").
    const trims = setInterval(trimMemory, TRIM_EVERY_MS);
    const endPacing = upserts.length >= PACED_RUN_FILES ? paceHeapGrowth() : undefined;
    let tagError: unknown;
    let sent = 0;
    const consume = (async () => {
      try {
        for await (const result of tags.parse(requests, options.signal)) {
          const entry = waiting.get(result.path);
          if (!entry) continue;
          waiting.delete(result.path);
          // Tags of other bytes than those hashed (read again from disk, changed since):
          // not this content's; it stays unparsed, and the change brings the file back.
          if (result.sha1 !== undefined && result.sha1 !== entry.hash) this.parsing.delete(entry.contentId);
          else this.storeTags(entry.contentId, result.outcome);
          progress?.advance(1, entry.bytes);
        }
      } catch (error) {
        tagError = error;
        requests.close(); // unblock readers; unparsed contents are retried on the next run
      }
    })();
    try {
      await forEachLimit(upserts, this.deps.readConcurrency ?? 4, options.signal, async (f) => {
        const queued = await this.ingest(f, requests, waiting, options.interactive === true);
        if (queued) sent++;
        else progress?.advance(1, f.size);
      });
    } finally {
      requests.close();
      await consume;
      clearInterval(commits);
      clearInterval(trims);
      endPacing?.();
      // Requests the source never answered: let a later run ask again.
      for (const w of waiting.values()) this.parsing.delete(w.contentId);
    }
    writer.flushText();
    await writer.flushed();
    if (tagError && !options.signal?.aborted) throw tagError;
    return sent;
  }

  private storeTags(contentId: number, outcome: ParseOutcome): void {
    this.parsing.delete(contentId);
    // Parsed twice (an editor save raced a bulk run): the first answer stands.
    if (this.deps.writer.contentFlags(contentId) & ContentFlag.Parsed) return;
    this.deps.writer.putTags(contentId, outcome);
  }

  /** Stores one file; true when it waits for the tag source (progress counts it then). */
  private async ingest(f: FileUpsert, requests: AsyncQueue<TagRequest>, waiting: Map<string, { contentId: number; bytes: number; hash: string }>, interactive: boolean): Promise<boolean> {
    const { writer, tags, limits } = this.deps;
    const path = this.absPath(f.root, f.rel);
    // The writer thread fell behind: read no more until it catches up.
    await writer.room();
    if (f.size > limits.maxTextBytes && !f.content) {
      writer.upsertFile(f.root, f.rel, f.size, f.mtime, FileState.TooLarge, null);
      return false;
    }
    let content: FileContent;
    try {
      content = f.content ? { bytes: Buffer.from(f.content), hash: hashBytes(f.content), binary: isBinaryContent(f.content) } : readContent(path, f.size, limits.maxTextBytes);
    } catch (error) {
      const tooLarge = error instanceof FileTooLarge;
      writer.upsertFile(f.root, f.rel, tooLarge ? error.size : f.size, f.mtime, tooLarge ? FileState.TooLarge : FileState.Unreadable, null);
      return false;
    }
    const size = content.bytes.length;
    if (size > limits.maxTextBytes) {
      writer.upsertFile(f.root, f.rel, size, f.mtime, FileState.TooLarge, null);
      return false;
    }
    const stored: StoredContent = writer.contentByHash(content.hash) ?? writer.addContent(content.hash, size, content.binary ? ContentFlag.Binary : 0);
    writer.upsertFile(f.root, f.rel, size, f.mtime, FileState.Ok, stored.id);
    if (content.binary) {
      if (!(stored.flags & ContentFlag.Parsed)) writer.putTags(stored.id, { ok: false, reason: 'binary', message: 'NUL byte' });
      return false;
    }
    // Stored as indexed once its postings are written; until then searches scan it.
    writer.indexText(stored.id, content.bytes);
    if (stored.flags & ContentFlag.Parsed) return false;
    if (size > limits.maxParseBytes) {
      writer.putTags(stored.id, { ok: false, reason: 'too-large', message: `${size} bytes` });
      return false;
    }
    if (tags.supports && !tags.supports(path)) {
      writer.putTags(stored.id, { ok: false, reason: 'unsupported', message: path });
      return false;
    }
    if (this.parsing.has(stored.id) && !interactive) return false;
    this.parsing.add(stored.id);
    waiting.set(path, { contentId: stored.id, bytes: size, hash: content.hash });
    // Bytes read here are this request's alone (readContent): the pool may move them.
    await requests.push({ path, content: content.bytes, sha1: content.hash, priority: interactive ? 'interactive' : 'bulk', ...(f.content ? {} : { transfer: true }) });
    return true;
  }
}

/**
 * Each trim returns glibc's free pages with madvise, and the next buffers fault them back in:
 * every 500 ms that cost the main thread ~1 s per 25,000 files of a cold build, every 2 s
 * the same peak RSS at a fifth of the calls (docs/decisions.md, "tree-sitter's memory from a
 * per-thread arena").
 */
const TRIM_EVERY_MS = 2000;
/** Runs this big pace the heap's growth (see heapGrowth.ts); an editor save does not. */
const PACED_RUN_FILES = 1000;

/** Longest stretch of synchronous reading and hashing before other tasks get a turn. */
const SLICE_MS = 8;

/**
 * Runs `fn` over the items, `limit` at a time (so one item waiting for queue room does not
 * stall the rest), yielding to the event loop every few milliseconds: file reads are
 * synchronous and would otherwise starve searches and the parse pool's messages.
 */
async function forEachLimit<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let sliceStart = performance.now();
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (signal?.aborted) return;
      await fn(items[next++]!);
      if (performance.now() - sliceStart > SLICE_MS) {
        sliceStart = performance.now();
        await new Promise((r) => setImmediate(r));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
