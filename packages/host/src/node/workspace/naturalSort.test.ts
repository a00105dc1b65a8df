import { describe, expect, it } from 'vitest';
import { compareEntries, compareNames } from './naturalSort.js';

describe('naturalSort', () => {
  it('orders numbers by value and ignores case', () => {
    const names = ['file10.txt', 'File2.txt', 'file1.txt', 'b', 'A', 'a10', 'a9', 'file2.txt'];
    expect([...names].sort(compareNames)).toEqual(['A', 'a9', 'a10', 'b', 'file1.txt', 'File2.txt', 'file2.txt', 'file10.txt']);
  });

  it('gives names the collator considers equal a stable, total order', () => {
    expect(compareNames('a', 'A')).not.toBe(0);
    expect(Math.sign(compareNames('a', 'A'))).toBe(-Math.sign(compareNames('A', 'a')));
    expect(compareNames('x', 'x')).toBe(0);
  });

  it('puts folders first', () => {
    const entries = [
      { name: 'b.txt', isDirectory: false },
      { name: 'z', isDirectory: true },
      { name: 'a.txt', isDirectory: false },
      { name: 'src10', isDirectory: true },
      { name: 'src2', isDirectory: true },
    ];
    expect(entries.sort(compareEntries).map((e) => e.name)).toEqual(['src2', 'src10', 'z', 'a.txt', 'b.txt']);
  });
});
