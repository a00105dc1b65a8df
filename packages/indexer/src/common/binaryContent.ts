/**
 * The one rule for "not text": a NUL byte anywhere, as rg decides for the files it walks.
 * Indexing and searching both follow it, so a file is parsed exactly when it is searched.
 * memchr-fast: about 10 GB/s, far below the cost of reading or hashing the same bytes.
 */
export function isBinaryContent(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}
