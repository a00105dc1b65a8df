import type { Encoding, Eol, WireError } from '@marie/protocol';

/**
 * Where the file on disk stands relative to the buffer:
 * - inSync: the buffer was loaded from (or saved to) the current bytes;
 * - conflict: the file changed on disk while the buffer had unsaved edits;
 * - deleted: the file is gone; saving recreates it.
 * A clean buffer never enters "conflict": it reloads silently instead.
 */
export type DiskState = 'inSync' | 'conflict' | 'deleted';

interface BaseSnapshot {
  readonly path: string;
  readonly name: string;
}

export interface LoadingSnapshot extends BaseSnapshot {
  readonly kind: 'loading';
}

export interface BinarySnapshot extends BaseSnapshot {
  readonly kind: 'binary';
}

/** The file could not be opened (missing, too large to send, no permission…). */
export interface UnavailableSnapshot extends BaseSnapshot {
  readonly kind: 'unavailable';
  readonly error: WireError;
}

export interface TextSnapshot extends BaseSnapshot {
  readonly kind: 'text';
  readonly encoding: Encoding;
  readonly eol: Eol;
  readonly etag: string;
  readonly languageName: string;
  /** The editor must not accept edits: the file is too large or not writable. */
  readonly readonly: boolean;
  /** Above the large-file threshold: no minimap, folding, wrapping or language features. */
  readonly reducedFeatures: boolean;
  readonly dirty: boolean;
  readonly disk: DiskState;
  /** The text on disk while in conflict, for "Compare". */
  readonly theirs: string | undefined;
  readonly saving: boolean;
}

export type DocumentSnapshot = LoadingSnapshot | BinarySnapshot | UnavailableSnapshot | TextSnapshot;

export type SaveOutcome =
  | { readonly status: 'saved' }
  /** Nothing to write: clean and in sync. */
  | { readonly status: 'unchanged' }
  | { readonly status: 'readonly' }
  /** The file changed on disk; the document is now in conflict and still dirty. */
  | { readonly status: 'conflict' }
  /** The write failed; the buffer keeps its edits and stays dirty. */
  | { readonly status: 'failed'; readonly error: WireError };
