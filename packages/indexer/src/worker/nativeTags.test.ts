// The native tags addon (native/tags.c) against the tree-sitter binding, and its walk
// matcher (native/walk.c) against tree-sitter's query cursor: the same tags for every
// language's fixtures, as written and after edits that make the code odd (astral
// characters, CRLF, a BOM, invalid UTF-8, broken syntax), and the time limit honoured.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../node/testing/trickyCorpus.js';
import { LanguageRegistry } from './languageRegistry.js';
import { LanguageRuntimes } from './languageRuntime.js';
import { loadNativeTags, NativeFlag } from './nativeTags.js';
import type { ParseLimits, TagMatcher } from './protocol.js';
import { TagsEngine } from './tagsEngine.js';
import { unpackTags } from '../common/packedTags.js';
import type { ParseOutcome } from '../common/tags.js';
import { compileWalkProgram } from './walkProgram.js';

const registry = LanguageRegistry.load();
const limits: ParseLimits = { maxFileBytes: 1 << 22, timeLimitMs: 5000, matchLimit: 1024, gcEveryBytes: 1 << 30, minorGcEveryBytes: 1 << 30, resultCacheBytes: 0 };
const odd = ['😀', '\r\n', 'é', '\uFEFF', '}', '(', '"', '\n', ' 日本語 '];

const engines = Object.fromEntries((['walk', 'query', 'binding'] as const).map((m) => [m, new TagsEngine(registry, { ...limits, matcher: m })])) as Record<TagMatcher, TagsEngine>;

/** The same file through the walk matcher, the addon's query cursor and the binding. */
async function allWays(path: string, language: string, content: Buffer) {
  const [walk, query, binding] = await Promise.all([engines.walk, engines.query, engines.binding].map((e) => e.parse({ path, language, content })));
  return { walk: readable(walk!.outcome), query: readable(query!.outcome), binding: readable(binding!.outcome) };
}

/** Tags unpacked, so a difference reads as names and ranges, not as table numbers. */
function readable(outcome: ParseOutcome) {
  return outcome.ok ? { ...outcome, tags: { ...outcome.tags, table: undefined, names: undefined, ...unpackTags(outcome.tags) } } : outcome;
}

/** Snippets for what the fixtures may not hold: several children matching one step, ERROR and MISSING nodes, deep nesting. */
const snippets: Record<string, string[]> = {
  javascript: [
    'const a = () => 1, b = function () {}, c = 3;\nlet d, e = 5;\nvar f = 1, g = class {};\nexport const h = 1, i = () => 2;',
    'function (\n obj.x = function () {}; foo(bar(baz)); class { m() {} }',
    'A.prototype.b = function () {}; A.prototype.c = 1; x.y.z = () => 0; <Foo.Bar a={<Baz/>}><div/></Foo.Bar>',
    'const x = require("a"), y = require;\nrequire("b")(c)',
  ],
  typescript: [
    'class A extends B implements C, D, E.F { x: number; m(): void {} }\ninterface I extends J, K<L> { p: M }',
    'const a: T = () => 1, b = 2;\nexport const c = 1, d: U = function () {};\nnamespace N.O { type P = Q | R }',
    'function f(a: {b: C}) { return new D<E>() } enum { }\nlet = ;',
  ],
  python: ['class A(B, c.D):\n  X = 1\n  @dec\n  @dec2(3)\n  def m(self): pass\nY, Z = 1, 2\nCONST = f(g(h))\ndef broken(:\n  pass'],
  go: ['package p\ntype (A struct{}; B interface{ M() })\nfunc (a *A) M() { b.C(d.E()) }\nvar x, y = 1, 2\nconst ( K = iota; L )'],
  c: ['int *f(void), g(int);\nstruct S { int a, *b, c[3]; };\ntypedef struct T *U;\nint x = 1, *y, z[2];\nvoid h( { k(); }'],
};

async function expectSameEverywhere(path: string, language: string, content: Buffer, label: string) {
  const { walk, query, binding } = await allWays(path, language, content);
  expect(walk.ok, label).toBe(true);
  expect(walk, `${label}: walk matcher against the query cursor`).toEqual(query);
  expect(query, `${label}: addon against the binding`).toEqual(binding);
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
      await expectSameEverywhere(path, language, Buffer.from(text, 'utf8'), `edit ${i}`);
      const at = Math.floor(rand() * text.length);
      text = text.slice(0, at) + odd[Math.floor(rand() * odd.length)]! + text.slice(at + Math.floor(rand() * 3));
    }
    // Invalid UTF-8 decodes to U+FFFD on every path.
    const invalid = Buffer.concat([Buffer.from([0xff, 0xc3]), readFileSync(path), Buffer.from([0xe2, 0x84])]);
    await expectSameEverywhere(path, language, invalid, 'invalid UTF-8');
  });

  const saving = new TagsEngine(registry, { ...limits, matcher: 'walk' });

  it.each(fixtures)('%s: %s saved again and again re-parses from its kept tree to a full parse’s tags', async (language, path) => {
    const rand = mulberry32(path.length + 1);
    let text = readFileSync(path, 'utf8');
    for (let i = 0; i < 8; i++) {
      const content = Buffer.from(text, 'utf8');
      const [saved, bulk] = await Promise.all([saving.parse({ path, language, content, priority: 'interactive' }), engines.walk.parse({ path, language, content })]);
      expect(readable(saved!.outcome), `save ${i}`).toEqual(readable(bulk!.outcome));
      // Edits anywhere: inserted, deleted, replaced, at either end.
      const at = i === 3 ? 0 : i === 5 ? text.length : Math.floor(rand() * text.length);
      text = text.slice(0, at) + (i % 4 === 2 ? '' : odd[Math.floor(rand() * odd.length)]!) + text.slice(at + Math.floor(rand() * 4));
    }
  });

  it('keeps an editor save’s tree in the addon until dropped, and none after a halted parse', async () => {
    const runtime = await new LanguageRuntimes(registry, 'walk').get('javascript');
    const native = runtime.native!;
    const kept = native.newTree()!;
    native.run('function a() {}\n', 5000, 1024, kept);
    expect(kept.dispose()).toBe(true);
    expect(kept.dispose()).toBe(false);
    const huge = `${'f(1);\n'.repeat(400_000)}`;
    native.run('function a() {}\n', 5000, 1024, kept);
    const { flags } = native.run(huge, 1, 1024, kept);
    expect(flags & NativeFlag.parseTimeout).not.toBe(0);
    expect(kept.dispose()).toBe(false);
  });

  it.each(Object.entries(snippets))('%s: snippets with several matching children, ERROR and MISSING nodes', async (language, list) => {
    for (const [i, text] of list.entries()) await expectSameEverywhere(`/snippet${i}`, language, Buffer.from(text), `snippet ${i}`);
    // Non-trivial: the snippets produce tags.
    const { walk } = await allWays('/snippet0', language, Buffer.from(list[0]!));
    expect(walk.ok && walk.tags.definitionCount + walk.tags.referenceCount).toBeGreaterThan(3);
  });

  it('walks very deep trees without recursion and agrees with the query cursor', async () => {
    // 3,000 nested calls with a function inside each, and a sum of 20,000 calls: a walker that
    // recursed per level (or per hidden node) would overflow a worker's stack on these.
    const depth = 3000;
    const nested = `${'f(() => g('.repeat(depth)}1${'))'.repeat(depth)};\n`;
    const sum = `const total = ${Array.from({ length: 20_000 }, (_, i) => `v${i % 7}()`).join(' + ')};\n`;
    for (const [label, text] of [['nested calls', nested], ['long sum', sum]] as const) {
      const content = Buffer.from(text);
      const [walk, query] = await Promise.all([engines.walk.parse({ path: '/deep.js', language: 'javascript', content }), engines.query.parse({ path: '/deep.js', language: 'javascript', content })]);
      expect(walk!.outcome.ok, label).toBe(true);
      expect(readable(walk!.outcome), label).toEqual(readable(query!.outcome));
      const refs = walk!.outcome.ok ? walk!.outcome.tags.referenceCount : 0;
      expect(refs, `${label}: references found`).toBeGreaterThanOrEqual(label === 'nested calls' ? 2 * depth : 20_000);
    }
  });

  it('names captures and predicates as tree-sitter’s compiled query does, for every language', async () => {
    const addon = loadNativeTags()!;
    const runtimes = new LanguageRuntimes(registry, 'binding');
    for (const language of registry.all()) {
      const source = registry.querySource(language.id);
      const query = addon.newQuery((await runtimes.get(language.id)).parser.getLanguage().language, source);
      const walk = compileWalkProgram(source)!;
      expect(walk.captureNames, language.id).toEqual(addon.captureNames(query));
      expect(walk.predicates, language.id).toEqual(addon.predicates(query));
    }
  });

  it('serves every language with the walk matcher (none falls back to the query cursor)', async () => {
    const runtimes = new LanguageRuntimes(registry, 'walk');
    for (const language of registry.all()) expect((await runtimes.get(language.id)).native?.walks, language.id).toBe(true);
    const cursor = new LanguageRuntimes(registry, 'query');
    expect((await cursor.get('javascript')).native?.walks).toBe(false);
  });

  it('stops at the time limit', async () => {
    const engine = new TagsEngine(registry, { ...limits, timeLimitMs: 1 });
    const content = Buffer.from('function f(a) { return g(a, [1, 2, {b: 3}]); }\n'.repeat(60_000));
    const result = await engine.parse({ path: '/big.js', content });
    expect(result.outcome).toMatchObject({ ok: false, reason: 'timeout' });
    // The parser is reset: the next file parses from scratch.
    const next = await new TagsEngine(registry, limits).parse({ path: '/small.js', content: Buffer.from('function g() {}\n') });
    expect(next.outcome.ok && unpackTags(next.outcome.tags).definitions.map((d) => d.name)).toEqual(['g']);
    const again = await engine.parse({ path: '/small.js', content: Buffer.from('function h() {}\n') });
    expect(again.outcome.ok && unpackTags(again.outcome.tags).definitions.map((d) => d.name)).toEqual(['h']);
  });
});
