import { ErrorCode, RpcError, type Encoding } from '@marie/protocol';
import { describe, expect, it } from 'vitest';
import { BINARY_SNIFF_BYTES, decodeText, detectEol, encodeText, looksBinary, normalizeEol } from './textCodec.js';

const sample = 'héllo wörld — ünïcödé ✓ 𝄞\nsecond line\n';
const latin1Sample = 'café crème, naïve façade ±½\n';

describe('textCodec', () => {
  it.each<[Encoding, string, number[]]>([
    ['utf8', sample, []],
    ['utf8bom', sample, [0xef, 0xbb, 0xbf]],
    ['utf16le', sample, [0xff, 0xfe]],
    ['utf16be', sample, [0xfe, 0xff]],
    ['latin1', latin1Sample, []],
  ])('round-trips %s and keeps its BOM', (encoding, text, bom) => {
    const bytes = encodeText(text, encoding);
    expect([...bytes.subarray(0, bom.length)]).toEqual(bom);
    const decoded = decodeText(bytes);
    expect(decoded).toEqual({ content: text, encoding, eol: '\n' });
    expect(encodeText(decoded.content, decoded.encoding).equals(bytes)).toBe(true);
  });

  it('encodes UTF-16BE big-endian and UTF-16LE little-endian', () => {
    expect([...encodeText('A', 'utf16be')]).toEqual([0xfe, 0xff, 0x00, 0x41]);
    expect([...encodeText('A', 'utf16le')]).toEqual([0xff, 0xfe, 0x41, 0x00]);
  });

  it('falls back to latin1 for bytes that are not UTF-8, byte for byte', () => {
    const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x80, 0x9f, 0xff]);
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('latin1');
    expect([...decoded.content].map((c) => c.charCodeAt(0))).toEqual([...bytes]);
    expect(encodeText(decoded.content, 'latin1').equals(bytes)).toBe(true);
  });

  it('keeps a BOM-like sequence that is content after the real BOM', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41]);
    const decoded = decodeText(bytes);
    expect(decoded).toMatchObject({ encoding: 'utf8bom', content: '\ufeffA' });
    expect(encodeText(decoded.content, 'utf8bom').equals(bytes)).toBe(true);
  });

  it('refuses to save characters latin1 cannot hold instead of mangling them', () => {
    let error: unknown;
    try {
      encodeText('ok\nbad € here', 'latin1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(ErrorCode.InvalidInput);
    expect((error as RpcError).message).toContain('line 2, column 5');
    expect((error as RpcError).message).not.toContain('bad');
  });

  it.each([
    ['a\r\nb\nc', '\r\n'],
    ['a\nb\r\nc', '\n'],
    ['\r\n', '\r\n'],
    ['no newline', '\n'],
    ['', '\n'],
  ])('detects the first line ending of %j', (text, eol) => {
    expect(detectEol(text)).toBe(eol);
    expect(decodeText(Buffer.from(text)).eol).toBe(eol);
  });

  it('normalises every line ending on write when asked', () => {
    const mixed = 'a\r\nb\nc\rd\n';
    expect(encodeText(mixed, 'utf8', '\r\n').toString()).toBe('a\r\nb\r\nc\r\nd\r\n');
    expect(encodeText(mixed, 'utf8', '\n').toString()).toBe('a\nb\nc\nd\n');
    expect(encodeText(mixed, 'utf8').toString()).toBe(mixed);
    expect(normalizeEol('x\r\n\r\ny', '\n')).toBe('x\n\ny');
    expect(decodeText(encodeText(mixed, 'utf16be', '\r\n'))).toMatchObject({ eol: '\r\n', content: 'a\r\nb\r\nc\r\nd\r\n' });
  });

  it('treats a NUL byte in the first 8 KiB as binary, except in UTF-16', () => {
    expect(looksBinary(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
    expect(looksBinary(Buffer.from('plain text'))).toBe(false);
    expect(looksBinary(encodeText('A\0B', 'utf16le'))).toBe(false);
    expect(looksBinary(encodeText('AB', 'utf16be'))).toBe(false);
    const late = Buffer.alloc(BINARY_SNIFF_BYTES + 10, 0x41);
    late[BINARY_SNIFF_BYTES + 5] = 0;
    expect(looksBinary(late)).toBe(false);
    late[BINARY_SNIFF_BYTES - 1] = 0;
    expect(looksBinary(late)).toBe(true);
  });
});
