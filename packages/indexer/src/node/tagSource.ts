import type { ParseOutcome } from '../common/tags.js';

/** One file to parse. The bytes are read (and hashed) by the index, so workers never re-read. */
export interface TagRequest {
  /** Absolute path; its extension picks the language. */
  path: string;
  content: Uint8Array;
  /** An editor save waiting for the answer: serve before bulk work. */
  priority?: 'interactive' | 'bulk';
  /** `content` owns its buffer, which the source may take (move to another thread). */
  transfer?: boolean;
  /** SHA-1 (hex) of `content`, when the caller hashed it already: not hashed again. */
  sha1?: string;
}

export interface TagResult {
  path: string;
  outcome: ParseOutcome;
  /** SHA-1 (hex) of the bytes the tags come from, when the source knows it. */
  sha1?: string;
}

/**
 * Where tags come from: the parse worker pool in production, a fixed table in tests. The
 * index pulls requests lazily from `files` (so a pool with a bounded queue applies
 * back-pressure) and takes results in any order. Ending `signal` cancels outstanding work.
 */
export interface TagSource {
  parse(files: AsyncIterable<TagRequest> | Iterable<TagRequest>, signal?: AbortSignal): AsyncIterable<TagResult>;
  /** Changes when extraction changes (grammars, queries): stored tags are then re-parsed. */
  readonly version?: string;
  /** Quick pre-filter: false for files the source cannot parse (skips sending their bytes). */
  supports?(path: string): boolean;
  /** Gets ready to parse files like these (one per language) quickly: loads their grammars. */
  warmUp?(paths: readonly string[]): Promise<void>;
  /**
   * A file was opened in the editor: get ready for its saves (parse it now and keep its
   * tree, so the first save re-parses incrementally). Nothing is stored.
   */
  opened?(path: string, content: Uint8Array): Promise<void>;
}
