import type { TextQuery } from './textQuery.js';
import type { Range, ReferenceKind, SymbolKind } from './tags.js';

/** What the searches return. Paths are absolute; `relativePath` is '/'-separated under `root`. */
export interface FileRef {
  path: string;
  root: string;
  relativePath: string;
}

export interface FileHit extends FileRef {
  score: number;
  /** Matched character offsets in `relativePath`, for highlighting. */
  positions: number[];
}

/** `partial`: the index was still being built (or refreshed) when the query ran. */
export interface QuickOpenResult {
  items: FileHit[];
  partial: boolean;
}

export interface SymbolHit extends FileRef {
  name: string;
  kind: SymbolKind;
  range: Range;
  fullRange: Range;
  container?: string;
  score: number;
}

export interface SymbolResult {
  items: SymbolHit[];
  partial: boolean;
}

export interface ReferenceHit extends FileRef {
  name: string;
  kind: ReferenceKind;
  range: Range;
}

export interface ReferenceResult {
  items: ReferenceHit[];
  partial: boolean;
}

export interface TextSearchQuery extends TextQuery {
  /** ripgrep `--glob` semantics, relative to each root. */
  includes?: string[];
  excludes?: string[];
  /** Stop after this many matches (default 20,000). */
  maxResults?: number;
}

/** One match; zero-based line, UTF-16 column and length (as editors count). */
export interface TextMatch {
  line: number;
  column: number;
  length: number;
  /** The line's text (clipped around the match when very long). */
  preview: string;
  /** Where the match starts in `preview`. */
  previewColumn: number;
}

export type TextSearchEvent =
  | ({ type: 'file'; matches: TextMatch[] } & FileRef)
  | {
      type: 'done';
      limitHit: boolean;
      /** The answer may miss files not yet discovered or changed since the index was read. */
      partial: boolean;
      /** Files read and verified; `fromIndex` false means every file had to be scanned. */
      filesSearched: number;
      fromIndex: boolean;
      /** Files skipped because a risky regex ran past its time limit on them (absent when none). */
      timedOut?: number;
    };

export type IndexPhase = 'discovering' | 'parsing' | 'storing' | 'ready';

export interface IndexProgress {
  phase: IndexPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  /** Files per second over the phase so far. */
  rate: number;
  etaMs: number;
}
