// Child of parseArena.test.ts, run with MARIE_PARSE_ARENA_MIB set (the addon reads it once
// per process): the tags of every language's fixtures through both native matchers, then one
// large generated file parsed again and again. Prints one JSON line: a hash of every answer
// and how far the resident set grew over the repeated parses.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LanguageRegistry } from '../languageRegistry.js';
import type { ParseLimits } from '../protocol.js';
import { TagsEngine } from '../tagsEngine.js';

const registry = LanguageRegistry.load();
const limits: ParseLimits = { maxFileBytes: 1 << 22, timeLimitMs: 20_000, matchLimit: 1024, gcEveryBytes: 1 << 30, minorGcEveryBytes: 1 << 30, resultCacheBytes: 0 };
const engines = [new TagsEngine(registry, { ...limits, matcher: 'walk' }), new TagsEngine(registry, { ...limits, matcher: 'query' })];
const hash = createHash('sha256');

async function parseAll(path: string, language: string, content: Buffer): Promise<void> {
  for (const engine of engines) hash.update(JSON.stringify((await engine.parse({ path, language, content }))!.outcome));
}

for (const config of registry.all()) {
  const dir = join(config.dir, 'fixtures');
  for (const name of readdirSync(dir)) await parseAll(join(dir, name), config.id, readFileSync(join(dir, name)));
}

// ~600 KB of nested JavaScript: its parse needs far more than a 1 MiB arena holds.
const big = Buffer.from(
  Array.from({ length: 4000 }, (_, i) => `class C${i} extends B { m${i}(a, b) { return [a, { b, c: () => f${i}(a + ${i}) }]; } }\n`).join(''),
);
const rounds = Number(process.argv[2] ?? 20);
await parseAll('/big.js', 'javascript', big);
const before = process.memoryUsage().rss;
for (let i = 0; i < rounds; i++) await parseAll('/big.js', 'javascript', big);
process.stdout.write(`${JSON.stringify({ hash: hash.digest('hex'), rssGrowthMiB: (process.memoryUsage().rss - before) / 2 ** 20 })}\n`);
