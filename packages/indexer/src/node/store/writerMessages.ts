/** The messages between the writer thread and the main thread's WriterThread. */
import type { OpenReason } from './openDatabase.js';
import type { OpBatch } from './writeOps.js';

export type WriterRequest =
  /** Open (or create, or rebuild when unusable) the database; `fresh` deletes it first. */
  | { type: 'open'; seq: number; dir: string; roots: string[]; fresh: boolean }
  | { type: 'batch'; seq: number; batch: OpBatch }
  /** Fold the text index's segments into one, keeping the postings of `live` contents. */
  | { type: 'merge'; seq: number; live: Int32Array }
  | { type: 'checkpoint'; seq: number }
  | { type: 'close'; seq: number };

export interface WriterReply {
  seq: number;
  /** An `open`'s outcome. */
  reason?: OpenReason;
  /** After a batch that flushed text: the text index has piled up enough to merge. */
  needsMerge?: boolean;
  /** The request failed; after a failed batch every later one fails too, until reopened. */
  error?: { message: string; code?: string };
}
