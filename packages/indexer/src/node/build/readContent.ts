import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isBinaryContent } from '../../common/binaryContent.js';

export interface FileContent {
  bytes: Buffer;
  /** SHA-1 of the bytes, hex: decides whether a changed file needs parsing again. */
  hash: string;
  /** Not text (isBinaryContent), so neither parsed nor searched. */
  binary: boolean;
}

/**
 * Reads a whole file and identifies its content. Synchronous on purpose: open, read and
 * close of a small file take microseconds, far less than three promise round trips
 * through libuv's pool; callers read in short slices. `expectedSize` (from the walk)
 * sizes the buffer; a file that grew since is read to its end anyway. Throws when the
 * file is larger than `maxBytes`.
 */
export function readContent(path: string, expectedSize: number, maxBytes: number): FileContent {
  const fd = openSync(path, 'r');
  try {
    // Not from Buffer's shared pool: the bytes own their ArrayBuffer, so the parse pool
    // can move it to a worker (see ParseJob.transfer) instead of copying it.
    let buf = Buffer.allocUnsafeSlow(Math.min(maxBytes, expectedSize) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buf.length) {
        if (length > maxBytes) throw new FileTooLarge(fstatSync(fd).size);
        const bigger = Buffer.allocUnsafeSlow(Math.min(maxBytes + 1, Math.max(buf.length * 2, fstatSync(fd).size + 1)));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
    }
    const bytes = buf.subarray(0, length);
    return { bytes, hash: hashBytes(bytes), binary: isBinaryContent(bytes) };
  } finally {
    closeSync(fd);
  }
}

export class FileTooLarge extends Error {
  constructor(readonly size: number) {
    super(`file too large: ${size} bytes`);
  }
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
