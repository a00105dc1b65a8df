import type { FileStat } from '@marie/protocol';
import { describe, expect, it } from 'vitest';
import { emptyTree, flattenTree, setChildren, setRoots, updateNode, type TreeRow } from './explorerTree.js';

const stat = (path: string, kind: FileStat['kind'] = 'file'): FileStat => ({ path, name: path.split('/').pop()!, kind, size: 0, mtimeMs: 0, etag: 'e', readonly: false });
const names = (rows: TreeRow[]) => rows.map((r) => (r.kind === 'node' ? r.node.name : `…${r.parent}`));

describe('explorer tree data', () => {
  it('flattens expanded folders depth first with set sizes', () => {
    let t = setRoots(emptyTree, [{ path: '/w', name: 'w' }]);
    t = setChildren(t, '/w', { entries: [stat('/w/src', 'directory'), stat('/w/a')], total: 2 }, false);
    t = setChildren(t, '/w/src', { entries: [stat('/w/src/x')], total: 1 }, false);
    expect(names(flattenTree(t))).toEqual(['w', 'src', 'a']);
    t = updateNode(t, '/w/src', { expanded: true });
    const rows = flattenTree(t);
    expect(names(rows)).toEqual(['w', 'src', 'x', 'a']);
    expect(rows[2]).toMatchObject({ posInSet: 1, setSize: 1, node: { depth: 3 } });
  });

  it('stands in for unlisted entries of a paged folder, then appends pages', () => {
    let t = setRoots(emptyTree, [{ path: '/w', name: 'w' }]);
    t = setChildren(t, '/w', { entries: [stat('/w/1'), stat('/w/2')], total: 5, nextCursor: 2 }, false);
    expect(names(flattenTree(t))).toEqual(['w', '1', '2', '…/w', '…/w', '…/w']);
    t = setChildren(t, '/w', { entries: [stat('/w/3'), stat('/w/4'), stat('/w/5')], total: 5 }, true);
    expect(names(flattenTree(t))).toEqual(['w', '1', '2', '3', '4', '5']);
  });

  it('a re-list drops vanished children with their subtrees and keeps state of the rest', () => {
    let t = setRoots(emptyTree, [{ path: '/w', name: 'w' }]);
    t = setChildren(t, '/w', { entries: [stat('/w/a', 'directory'), stat('/w/b', 'directory')], total: 2 }, false);
    t = setChildren(t, '/w/a', { entries: [stat('/w/a/x')], total: 1 }, false);
    t = updateNode(t, '/w/a', { expanded: true });
    t = setChildren(t, '/w/b', { entries: [stat('/w/b/y')], total: 1 }, false);
    t = setChildren(t, '/w', { entries: [stat('/w/a', 'directory'), stat('/w/c')], total: 2 }, false);
    expect(names(flattenTree(t))).toEqual(['w', 'a', 'x', 'c']);
    expect(t.nodes.has('/w/b/y')).toBe(false);
  });

  it('keeps what it knows about roots that stay', () => {
    let t = setRoots(emptyTree, [{ path: '/w', name: 'w' }]);
    t = setChildren(t, '/w', { entries: [stat('/w/a')], total: 1 }, false);
    t = setRoots(t, [{ path: '/w', name: 'w' }, { path: '/v', name: 'v' }]);
    expect(names(flattenTree(t))).toEqual(['w', 'a', 'v']);
  });
});
