/** The inotify record format as the addon hands it over (native/inotify.c): raw, unparsed. */
import type { WatchEvent } from './treeWatcher.js';

// <sys/inotify.h>
export const IN_MOVED_FROM = 0x40;
export const IN_MOVED_TO = 0x80;
export const IN_CREATE = 0x100;
export const IN_DELETE = 0x200;
export const IN_DELETE_SELF = 0x400;
export const IN_MOVE_SELF = 0x800;
export const IN_Q_OVERFLOW = 0x4000;
export const IN_IGNORED = 0x8000;
export const IN_ISDIR = 0x40000000;

/** struct inotify_event: wd, mask, cookie, len, then `len` bytes of NUL-padded name. */
const RECORD_HEADER = 16;

/**
 * Calls `fn` for each record: its watch descriptor, its mask, where it starts, and where its
 * name starts and the record ends (the name is NUL-padded up to there; none when equal).
 */
export function forEachRecord(records: Buffer, fn: (wd: number, mask: number, start: number, nameAt: number, end: number) => void): void {
  for (let at = 0; at + RECORD_HEADER <= records.length; ) {
    const nameAt = at + RECORD_HEADER;
    const end = nameAt + records.readUInt32LE(at + 12);
    fn(records.readInt32LE(at), records.readUInt32LE(at + 4), at, nameAt, end);
    at = end;
  }
}

/** What a record with a name says happened to that entry. */
export function changeType(mask: number): WatchEvent['type'] {
  if (mask & (IN_CREATE | IN_MOVED_TO)) return 'create';
  return mask & (IN_DELETE | IN_MOVED_FROM) ? 'delete' : 'update';
}
