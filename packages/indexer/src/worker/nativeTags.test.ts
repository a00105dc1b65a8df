// The native tags addon (native/tags.c) against the tree-sitter binding: the same tags for
// every language's fixtures, as written and after edits that make the code odd (astral
// characters, CRLF, a BOM, invalid UTF-8, broken syntax), and the time limit honoured.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../node/testing/trickyCorpus.js';
import { LanguageRegistry } from './languageRegistry.js';
import { loadNativeTags } from './nativeTags.js';
import type { ParseLimits } from './protocol.js';
import { TagsEngine } from './tagsEngine.js';

const registry = LanguageRegistry.load();
const limits: ParseLimits = { maxFileBytes: 1 << 22, timeLimitMs: 5000, matchLimit: 1024, gcEveryBytes: 1 << 30, minorGcEveryBytes: 1 << 30, resultCacheBytes: 0 };
const odd = ['😀', '\r\n', 'é', '\uFEFF', '}', '(', '"', '\n', ' 日本語 '];

const nativeEngine = new TagsEngine(registry, limits);
const bindingEngine = new TagsEngine(registry, limits);
let saves = 0;

/** Bulk jobs go through the addon; an editor save (interactive) through the binding. */
async function bothWays(path: string, language: string, content: Buffer) {
  const native = await nativeEngine.parse({ path, language, content });
  // A new path each time: no kept tree, so the binding parses from scratch.
  const binding = await bindingEngine.parse({ path: `${path}#${saves++}`, language, content, priority: 'interactive' });
  return { native: native.outcome, binding: binding.outcome };
}

describe('native tags addon', () => {
  it('is built (scripts/bootstrap.sh runs `pnpm --filter @marie/indexer build:native`)', () => {
    expect(loadNativeTags(), 'native/build/Release/marie_tags.node is missing: cold builds fall back to the slower binding').toBeDefined();
  });

  const fixtures = registry.all().flatMap((l) => readdirSync(join(l.dir, 'fixtures')).map((name) => [l.id, join(l.dir, 'fixtures', name)] as const));

  it.each(fixtures)('%s: %s gives the binding’s tags, as written and after odd edits', async (language, path) => {
    const rand = mulberry32(path.length);
    let text = readFileSync(path, 'utf8');
    for (let i = 0; i < 6; i++) {
      const { native, binding } = await bothWays(path, language, Buffer.from(text, 'utf8'));
      expect(native.ok, `edit ${i}`).toBe(true);
      expect(native, `edit ${i}`).toEqual(binding);
      const at = Math.floor(rand() * text.length);
      text = text.slice(0, at) + odd[Math.floor(rand() * odd.length)]! + text.slice(at + Math.floor(rand() * 3));
    }
    // Invalid UTF-8 decodes to U+FFFD on both paths.
    const invalid = Buffer.concat([Buffer.from([0xff, 0xc3]), readFileSync(path), Buffer.from([0xe2, 0x84])]);
    const { native, binding } = await bothWays(path, language, invalid);
    expect(native).toEqual(binding);
  });

  it('stops at the time limit', async () => {
    const engine = new TagsEngine(registry, { ...limits, timeLimitMs: 1 });
    const content = Buffer.from('function f(a) { return g(a, [1, 2, {b: 3}]); }\n'.repeat(60_000));
    const result = await engine.parse({ path: '/big.js', content });
    expect(result.outcome).toMatchObject({ ok: false, reason: 'timeout' });
    // The parser is reset: the next file parses from scratch.
    const next = await new TagsEngine(registry, limits).parse({ path: '/small.js', content: Buffer.from('function g() {}\n') });
    expect(next.outcome.ok && next.outcome.tags.definitions.map((d) => d.name)).toEqual(['g']);
    const again = await engine.parse({ path: '/small.js', content: Buffer.from('function h() {}\n') });
    expect(again.outcome.ok && again.outcome.tags.definitions.map((d) => d.name)).toEqual(['h']);
  });
});
