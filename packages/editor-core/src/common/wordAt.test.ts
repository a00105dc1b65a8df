import { describe, expect, it } from 'vitest';
import { wordAt } from './wordAt.js';

describe('wordAt', () => {
  const line = '  const total = sumOf($items, 42);';

  it('finds the identifier the cursor is in, at its start, or just after it', () => {
    expect(wordAt(line, 9)).toEqual({ word: 'total', startColumn: 9, endColumn: 14 });
    expect(wordAt(line, 11)?.word).toBe('total');
    expect(wordAt(line, 14)?.word).toBe('total');
    expect(wordAt(line, 17)?.word).toBe('sumOf');
    expect(wordAt(line, 22)?.word).toBe('sumOf');
    expect(wordAt(line, 23)?.word).toBe('$items');
  });

  it('has no word on whitespace, punctuation or a number', () => {
    expect(wordAt(line, 1)).toBeUndefined();
    expect(wordAt(line, 15)).toBeUndefined();
    expect(wordAt(line, 31)).toBeUndefined();
    expect(wordAt('', 1)).toBeUndefined();
  });

  it('takes letters of any script', () => {
    expect(wordAt('let größe = 1', 6)?.word).toBe('größe');
  });
});
