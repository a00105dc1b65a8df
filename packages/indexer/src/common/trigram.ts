/**
 * Trigram keys of the content index. The alphabet is ASCII without '\n', with A–Z folded
 * to a–z (so one index serves case-sensitive and case-insensitive searches); a key packs
 * three 7-bit characters into 21 bits. Any other character breaks the trigram chain —
 * except U+212A KELVIN SIGN and U+017F LATIN SMALL LETTER LONG S, the only non-ASCII
 * characters that case-insensitively equal an ASCII letter, which index as 'k' and 's'.
 */
export const TRIGRAM_SPACE = 1 << 21;

export function trigramKey(t: string): number {
  return (t.charCodeAt(0) << 14) | (t.charCodeAt(1) << 7) | t.charCodeAt(2);
}

export function keyTrigram(key: number): string {
  return String.fromCharCode((key >> 14) & 127, (key >> 7) & 127, key & 127);
}

const MASK = TRIGRAM_SPACE - 1;
const FOLD = new Int16Array(256).fill(-1);
for (let b = 0; b < 128; b++) FOLD[b] = b === 10 ? -1 : b >= 65 && b <= 90 ? b + 32 : b;

/**
 * Writes each distinct trigram key of UTF-8 `bytes` into `out` from `offset` and returns
 * the new end. `out` needs room for `bytes.length` more keys. `seen`/`stamp` dedupe
 * without clearing a table per file: `seen[key] === stamp` means already written.
 */
export function extractTrigrams(bytes: Uint8Array, seen: Uint32Array, stamp: number, out: Int32Array, offset: number): number {
  let window = 0;
  let valid = 0;
  let o = offset;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    let c = FOLD[bytes[i]!]!;
    if (c < 0) {
      const b = bytes[i]!;
      if (b === 0xe2 && bytes[i + 1] === 0x84 && bytes[i + 2] === 0xaa) {
        c = 107; // KELVIN SIGN → k
        i += 2;
      } else if (b === 0xc5 && bytes[i + 1] === 0xbf) {
        c = 115; // LONG S → s
        i += 1;
      } else {
        valid = 0;
        continue;
      }
    }
    window = ((window << 7) | c) & MASK;
    if (++valid >= 3 && seen[window] !== stamp) {
      seen[window] = stamp;
      out[o++] = window;
    }
  }
  return o;
}
