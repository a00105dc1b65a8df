/**
 * Decodes file bytes for text search the way ripgrep sees them: a UTF-8 byte order mark
 * is dropped, and each byte of an invalid UTF-8 sequence becomes the lone surrogate
 * U+DC80–U+DCFF ("surrogateescape"), which no pattern class matches — as in Rust, where
 * Unicode classes never match invalid bytes — while columns stay one unit per byte.
 */
const strict = new TextDecoder('utf-8', { fatal: true });
const strictKeepBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `keepBom`: the bytes are not the start of a file (part of a line), so U+FEFF is text. */
export function decodeText(bytes: Uint8Array, keepBom = false): string {
  try {
    return (keepBom ? strictKeepBom : strict).decode(bytes);
  } catch {
    return decodeLossless(bytes, keepBom);
  }
}

function decodeLossless(bytes: Uint8Array, keepBom: boolean): string {
  let i = !keepBom && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const parts: string[] = [];
  let chunk: number[] = [];
  const flush = (): void => {
    parts.push(String.fromCodePoint(...chunk));
    chunk = [];
  };
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len === 0) {
      chunk.push(0xdc00 | bytes[i]!);
      i++;
    } else {
      let cp = len === 1 ? bytes[i]! : bytes[i]! & (0xff >> (len + 1));
      for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
      chunk.push(cp);
      i += len;
    }
    if (chunk.length >= 8192) flush();
  }
  flush();
  return parts.join('');
}

/** Length of the valid UTF-8 sequence at `i`, or 0 if the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = bytes[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
