import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Files up to this size are read into one reused buffer. */
const POOL_BYTES = 1 << 20;
let pool: Buffer | undefined;

/**
 * A file's bytes, or undefined when it is gone, unreadable or over `max` bytes. The result
 * may be a view of a buffer reused by the next call: use it synchronously, or copy it.
 * (No fstat and no allocation for the common small file: one open, read and close.)
 */
export function readSmall(path: string, max: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    pool ??= Buffer.allocUnsafe(POOL_BYTES);
    let n = readAll(fd, pool, 0);
    if (n < pool.length) return n > max ? undefined : pool.subarray(0, n);
    // Filled the pool: a large file, read whole into its own buffer.
    const size = fstatSync(fd).size;
    if (size > max) return undefined;
    const buf = Buffer.allocUnsafe(Math.max(size, n));
    pool.copy(buf, 0, 0, n);
    n = readAll(fd, buf, n);
    return n > max ? undefined : buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads until end of file or until `buf` is full; returns the bytes now in `buf`. */
function readAll(fd: number, buf: Buffer, from: number): number {
  let n = from;
  while (n < buf.length) {
    const r = readSync(fd, buf, n, buf.length - n, null);
    if (r === 0) break;
    n += r;
  }
  return n;
}
