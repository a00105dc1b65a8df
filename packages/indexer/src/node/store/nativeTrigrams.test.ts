import { describe, expect, it } from 'vitest';
import { extractTrigrams, TRIGRAM_SPACE } from '../../common/trigram.js';
import { mulberry32 } from '../testing/trickyCorpus.js';
import { loadNativeTags } from '../../worker/nativeTags.js';

// The writer thread's trigram loop in C (native/trigrams.c) against the JavaScript one it
// replaces: the same keys in the same order for bytes of every kind.
const pieces = ['abc', 'ABC', 'x\ny', '\u212a', '\u017f', 'é', '日本', '\u{1f600}', ' ', '\t', 'Zz', '\r\n'].map((s) => Buffer.from(s, 'utf8'));
// Cut sequences: a KELVIN SIGN or LONG S whose last bytes are missing (at the end of a file too).
const cut = [Buffer.from([0xe2, 0x84]), Buffer.from([0xe2]), Buffer.from([0xc5]), Buffer.from([0xff, 0x00, 0x80])];

function randomBytes(rand: () => number): Buffer {
  const parts: Buffer[] = [];
  const n = Math.floor(rand() * 60);
  for (let i = 0; i < n; i++) {
    const r = rand();
    parts.push(r < 0.7 ? pieces[Math.floor(rand() * pieces.length)]! : r < 0.85 ? cut[Math.floor(rand() * cut.length)]! : Buffer.from([Math.floor(rand() * 256)]));
  }
  return Buffer.concat(parts);
}

describe('trigram extraction in the addon', () => {
  const native = loadNativeTags()?.extractTrigrams;

  it('is built', () => {
    expect(native).toBeTypeOf('function');
  });

  it('writes the same keys as the JavaScript loop, deduplicated by the same stamps', () => {
    const rand = mulberry32(5);
    const [seenJs, seenC] = [new Uint32Array(TRIGRAM_SPACE), new Uint32Array(TRIGRAM_SPACE)];
    const [outJs, outC] = [new Int32Array(1 << 14), new Int32Array(1 << 14)];
    let endJs = 0;
    let endC = 0;
    let keys = 0;
    for (let file = 1; file <= 3000; file++) {
      const bytes = randomBytes(rand);
      // Several files share a stamp now and then (one buffer run), as the writer's do.
      const stamp = Math.ceil(file / 3);
      if (file % 3 === 1) endJs = endC = 0;
      endJs = extractTrigrams(bytes, seenJs, stamp, outJs, endJs);
      endC = native!(bytes, seenC, stamp, outC, endC);
      expect(endC).toBe(endJs);
      expect(Array.from(outC.subarray(0, endC))).toEqual(Array.from(outJs.subarray(0, endJs)));
      keys += endC;
    }
    expect(keys).toBeGreaterThan(10_000);
  });

  it('refuses an output without room for one key per byte', () => {
    expect(() => native!(Buffer.from('abcdef'), new Uint32Array(TRIGRAM_SPACE), 1, new Int32Array(4), 0)).toThrow(/no room/);
    expect(() => native!(Buffer.from('abcdef'), new Uint32Array(16), 1, new Int32Array(8), 0)).toThrow(/2\^21/);
  });
});
