import { expect, it } from 'vitest';
import { ShardedMap } from './shardedMap.js';

it('keeps every key apart, the empty one included, and clears', () => {
  const m = new ShardedMap<number>();
  const keys = ['', 'a', 'ab', 'ba', 'src/a.ts', 'src/b.ts', 'ü名', ...Array.from({ length: 5000 }, (_, i) => `name${i}`)];
  keys.forEach((k, i) => m.set(k, i));
  m.set('a', -1);
  expect(m.size).toBe(keys.length);
  expect(keys.map((k) => m.get(k))).toEqual(keys.map((k, i) => (k === 'a' ? -1 : i)));
  expect(m.get('missing')).toBeUndefined();
  m.clear();
  expect(m.size).toBe(0);
  expect(m.get('ab')).toBeUndefined();
});
