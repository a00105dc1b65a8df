import { ErrorCode, RpcError, type Encoding, type Eol } from '@marie/protocol';

/** How much of a file is sniffed for NUL bytes; the same window git and VS Code use. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export interface DecodedText {
  content: string;
  encoding: Encoding;
  eol: Eol;
}

const BOMS: ReadonlyArray<{ encoding: Encoding; bytes: readonly number[] }> = [
  { encoding: 'utf8bom', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf16be', bytes: [0xfe, 0xff] },
];

function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | undefined {
  const hit = BOMS.find((b) => b.bytes.every((v, i) => bytes[i] === v));
  return hit && { encoding: hit.encoding, length: hit.bytes.length };
}

/** A NUL byte early in the file means binary, except in UTF-16 where NULs are normal. */
export function looksBinary(bytes: Uint8Array): boolean {
  const bom = bomOf(bytes);
  if (bom?.encoding === 'utf16le' || bom?.encoding === 'utf16be') return false;
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

export function detectEol(text: string): Eol {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function normalizeEol(text: string, eol: Eol): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/** Decodes text bytes (callers reject binary first with {@link looksBinary}). */
export function decodeText(bytes: Uint8Array): DecodedText {
  const content = decodeWithEncoding(bytes);
  return { ...content, eol: detectEol(content.content) };
}

function decodeWithEncoding(bytes: Uint8Array): { content: string; encoding: Encoding } {
  const bom = bomOf(bytes);
  if (bom) {
    // ignoreBOM keeps the decoder from swallowing a second BOM that is really content.
    const label = bom.encoding === 'utf8bom' ? 'utf-8' : bom.encoding === 'utf16le' ? 'utf-16le' : 'utf-16be';
    return { content: new TextDecoder(label, { ignoreBOM: true }).decode(bytes.subarray(bom.length)), encoding: bom.encoding };
  }
  try {
    return { content: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    // Buffer's latin1 is true ISO-8859-1 (byte = code point), so every byte round-trips;
    // TextDecoder('latin1') would be windows-1252 and would not.
    return { content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}

/** Encodes text back into `encoding`, BOM included; with `eol`, every line ending becomes it. */
export function encodeText(content: string, encoding: Encoding, eol?: Eol): Buffer {
  const text = eol ? normalizeEol(content, eol) : content;
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return withBom([0xef, 0xbb, 0xbf], text, 'utf8');
    case 'utf16le':
      return withBom([0xff, 0xfe], text, 'utf16le');
    case 'utf16be':
      // Buffer has no UTF-16BE encoder: encode little-endian, then swap each pair in place.
      return withBom([0xfe, 0xff], text, 'utf16le', true);
    case 'latin1':
      assertLatin1(text);
      return Buffer.from(text, 'latin1');
  }
}

function withBom(bom: number[], text: string, encoding: 'utf8' | 'utf16le', swap = false): Buffer {
  const out = Buffer.allocUnsafe(bom.length + Buffer.byteLength(text, encoding));
  out.set(bom, 0);
  out.write(text, bom.length, encoding);
  if (swap) out.subarray(bom.length).swap16();
  return out;
}

/** Buffer would silently mangle characters above U+00FF; refuse instead of corrupting the file. */
function assertLatin1(text: string): void {
  const at = text.search(/[\u0100-\uffff]/);
  if (at < 0) return;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  throw new RpcError(
    ErrorCode.InvalidInput,
    `Cannot save as latin1: the character at line ${line}, column ${column} has no latin1 form. Save as UTF-8 instead.`,
  );
}
