import type { FileStat } from '@marie/protocol';
import { describe, expect, it } from 'vitest';
import { emptyTree, flattenTree, setChildren, setRoots } from './explorerTree.js';
import { treeKeyIntent } from './treeKeys.js';
import { TypeAhead } from './typeAhead.js';
import { scrollToReveal, visibleRange } from './virtualRange.js';

const stat = (path: string, kind: FileStat['kind'] = 'file'): FileStat => ({ path, name: path.split('/').pop()!, kind, size: 0, mtimeMs: 0, etag: 'e', readonly: false });

function rows() {
  let t = setRoots(emptyTree, [{ path: '/w', name: 'w' }]);
  t = setChildren(t, '/w', { entries: [stat('/w/dir', 'directory'), stat('/w/apple'), stat('/w/apricot'), stat('/w/berry')], total: 6, nextCursor: 4 }, false);
  return flattenTree(t); // w, dir, apple, apricot, berry, …, …
}

describe('tree keys', () => {
  it('moves, skipping pending rows, and maps Enter/Space/F2/Delete', () => {
    const r = rows();
    expect(treeKeyIntent('ArrowDown', r, 0)).toEqual({ kind: 'focus', index: 1 });
    expect(treeKeyIntent('ArrowDown', r, 4)).toBeUndefined();
    expect(treeKeyIntent('End', r, 0)).toEqual({ kind: 'focus', index: 4 });
    expect(treeKeyIntent('ArrowRight', r, 1)).toEqual({ kind: 'expand', path: '/w/dir' });
    expect(treeKeyIntent('ArrowLeft', r, 2)).toEqual({ kind: 'focus', index: 0 });
    expect(treeKeyIntent('ArrowLeft', r, 0)).toEqual({ kind: 'collapse', path: '/w' });
    expect(treeKeyIntent('Enter', r, 2)).toEqual({ kind: 'open', path: '/w/apple', preview: false });
    expect(treeKeyIntent(' ', r, 2)).toEqual({ kind: 'open', path: '/w/apple', preview: true });
    expect(treeKeyIntent('F2', r, 2)).toEqual({ kind: 'rename', path: '/w/apple' });
    expect(treeKeyIntent('Delete', r, 0)).toBeUndefined(); // never the root
  });

  it('type-ahead builds a prefix within the time window', () => {
    let now = 0;
    const ta = new TypeAhead(() => now, 500);
    const r = rows();
    expect(ta.find('a', r, 0)).toBe(2);
    now += 100;
    expect(ta.find('p', r, 2)).toBe(2);
    now += 100;
    expect(ta.find('r', r, 2)).toBe(3);
    now += 1000;
    expect(ta.find('a', r, 3)).toBe(2); // a fresh search wraps around
  });

  it('computes the rendered window and the scroll that reveals a row', () => {
    expect(visibleRange(0, 220, 22, 20_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(22 * 1000, 220, 22, 20_000, 5)).toEqual({ start: 995, end: 1016 });
    expect(visibleRange(22 * 19_999, 220, 22, 20_000, 5).end).toBe(20_000);
    expect(scrollToReveal(50, 0, 220, 22)).toBe(51 * 22 - 220);
    expect(scrollToReveal(2, 0, 220, 22)).toBeUndefined();
    expect(scrollToReveal(2, 100, 220, 22)).toBe(44);
  });
});
