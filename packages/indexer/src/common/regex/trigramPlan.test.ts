import { describe, expect, it } from 'vitest';
import { literalNode } from './ast.js';
import { parsePattern } from './parse.js';
import { trigramPlan } from './trigramPlan.js';
import { describe as show } from './trigramQuery.js';

const plan = (pattern: string): string => show(trigramPlan(parsePattern(pattern, false)));

describe('trigram plans', () => {
  it('requires every trigram of a literal, lowercased', () => {
    expect(show(trigramPlan(literalNode('Hello', false)))).toBe('"ell" "hel" "llo"');
    expect(plan('ab')).toBe('+');
  });

  it('reduces alternations and classes to ORs', () => {
    expect(plan('foo|bar')).toBe('"bar" | "foo"');
    expect(plan('ab[cd]e')).toBe('("abc" "bce") | ("abd" "bde")');
  });

  it('keeps the literal parts of a regex and drops what is unknown', () => {
    expect(plan('get\\w+Index')).toBe('"dex" "get" "ind" "nde"');
    expect(plan('a.*bcd')).toBe('"bcd"');
    // Every match ends with the last "abc" right before "def".
    expect(plan('(abc)+def')).toBe('"abc" "bcd" "cde" "def"');
    expect(plan('x*')).toBe('+');
    expect(plan('(?:abc)?')).toBe('+');
  });

  it('treats characters outside the index alphabet as unknown', () => {
    expect(plan('straße')).toBe('"str" "tra"');
    expect(plan('é')).toBe('+');
  });
});
