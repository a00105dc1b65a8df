// Every language's tags.scm against its annotated fixtures, through a real worker thread:
// this is also the proof that each grammar package loads and parses on this Node.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackTags } from '../common/packedTags.js';
import { ParsePool } from '../node/parsePool.js';
import { checkAnnotations, parseAnnotations } from './fixtureAnnotations.js';
import { LanguageRegistry } from './languageRegistry.js';

const registry = LanguageRegistry.load();
const pool = new ParsePool({ workers: 2 });
afterAll(() => pool.close());

const EXPECTED = ['bash', 'c', 'cpp', 'csharp', 'go', 'java', 'javascript', 'php', 'python', 'ruby', 'rust', 'tsx', 'typescript'];

it('discovers every language folder', () => {
  expect(registry.all().map((l) => l.id)).toEqual(EXPECTED);
});

describe.each(registry.all().map((l) => [l.id, l] as const))('%s', (_id, language) => {
  const dir = join(language.dir, 'fixtures');
  const fixtures = readdirSync(dir).sort();

  it('has an annotated fixture', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)('%s matches its annotations', async (name) => {
    const path = join(dir, name);
    const assertions = parseAnnotations(readFileSync(path, 'utf8'), language.lineComment);
    expect(assertions.some((a) => a.role === 'definition')).toBe(true);
    expect(assertions.some((a) => a.role === 'reference')).toBe(true);
    const result = await pool.parse({ path, language: language.id });
    if (!result.outcome.ok) throw new Error(`${result.outcome.reason}: ${result.outcome.message}`);
    expect(result.outcome.tags.language).toBe(language.id);
    expect(checkAnnotations(unpackTags(result.outcome.tags), assertions)).toEqual([]);
  });
});
