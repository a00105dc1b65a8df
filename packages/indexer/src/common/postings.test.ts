import { describe, expect, it } from 'vitest';
import { decodePostings, encodePostings, intersectSorted, unionSorted } from './postings.js';
import { TopK } from './topK.js';

describe('posting lists', () => {
  it('round-trips ids of every size', () => {
    const ids = [0, 1, 2, 127, 128, 300, 16_384, 2_000_000, 2_000_001, 2 ** 31 - 1];
    expect([...decodePostings(encodePostings(ids))]).toEqual(ids);
  });

  it('intersects and unions sorted lists', () => {
    expect([...intersectSorted(Int32Array.of(1, 3, 5, 7), Int32Array.of(2, 3, 7, 9))]).toEqual([3, 7]);
    expect([...unionSorted([Int32Array.of(1, 5), Int32Array.of(2, 5, 9), Int32Array.of()])]).toEqual([1, 2, 5, 9]);
  });
});

describe('top K', () => {
  it('keeps the best K, best first', () => {
    const top = new TopK<string>(3);
    for (const [s, v] of [[5, 'a'], [1, 'b'], [9, 'c'], [7, 'd'], [3, 'e']] as const) top.push(s, v);
    expect(top.sorted().map((x) => x.item)).toEqual(['c', 'd', 'a']);
  });
});
