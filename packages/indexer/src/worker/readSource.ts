/**
 * Reads one file for parsing, deciding on the way what is not worth parsing: anything
 * that is not a regular file, files over the size limit (judged before reading), and
 * and decodes it as tree-sitter gets it. Binaries are judged by isBinaryContent.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { ParseFailure } from '../common/tags.js';

export type ReadOutcome =
  | { ok: true; bytes: Uint8Array; mtimeMs: number | undefined }
  | { ok: false; reason: ParseFailure; message: string; size?: number; mtimeMs?: number };

export function readSource(path: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer that never comes.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: errorText(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'unreadable', message: `not a regular file: ${path}`, mtimeMs: stat.mtimeMs };
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', message: `${stat.size} bytes is over the ${maxBytes}-byte limit`, size: stat.size, mtimeMs: stat.mtimeMs };
    const bytes = readUpTo(fd, stat.size);
    return { ok: true, bytes, mtimeMs: stat.mtimeMs };
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: errorText(error) };
  } finally {
    closeSync(fd);
  }
}

/** Reads until `size` bytes or end of file: a file truncated meanwhile yields what is left. */
function readUpTo(fd: number, size: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, buffer, filled, size - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

/** The text tree-sitter is given: invalid UTF-8 becomes U+FFFD; a BOM is dropped, as editors do, so columns match theirs. */
export function decodeSource(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
