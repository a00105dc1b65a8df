import { isFolder, type TreeRow } from './explorerTree.js';

/** What a key press in the explorer asks for; the view carries it out. */
export type TreeIntent =
  | { kind: 'focus'; index: number }
  | { kind: 'expand'; path: string }
  | { kind: 'collapse'; path: string }
  | { kind: 'open'; path: string; preview: boolean }
  | { kind: 'rename'; path: string }
  | { kind: 'delete'; path: string };

const isNode = (row: TreeRow | undefined): row is Extract<TreeRow, { kind: 'node' }> => row?.kind === 'node';

function step(rows: readonly TreeRow[], from: number, delta: 1 | -1): number | undefined {
  for (let i = from + delta; i >= 0 && i < rows.length; i += delta) if (isNode(rows[i])) return i;
  return undefined;
}

/**
 * The WAI-ARIA tree pattern: Up/Down move, Right expands or enters, Left collapses or goes
 * to the parent, Home/End jump; Enter opens pinned, Space opens a preview; F2 renames,
 * Delete deletes. Pending (not yet listed) rows are skipped.
 */
export function treeKeyIntent(key: string, rows: readonly TreeRow[], focused: number, pageRows = 20): TreeIntent | undefined {
  const row = rows[focused];
  const focus = (index: number | undefined): TreeIntent | undefined => (index === undefined || index === focused ? undefined : { kind: 'focus', index });
  switch (key) {
    case 'ArrowDown':
      return focus(isNode(row) ? step(rows, focused, 1) : step(rows, -1, 1));
    case 'ArrowUp':
      return focus(step(rows, focused, -1));
    case 'Home':
      return focus(step(rows, -1, 1));
    case 'End':
      return focus(step(rows, rows.length, -1));
    case 'PageDown':
      return focus(step(rows, Math.min(rows.length - 1, focused + pageRows) - 1, 1) ?? step(rows, rows.length, -1));
    case 'PageUp':
      return focus(step(rows, Math.max(0, focused - pageRows) + 1, -1) ?? step(rows, -1, 1));
  }
  if (!isNode(row)) return undefined;
  const node = row.node;
  switch (key) {
    case 'ArrowRight': {
      if (!isFolder(node)) return undefined;
      if (!node.expanded) return { kind: 'expand', path: node.path };
      const next = rows[focused + 1];
      return isNode(next) && next.node.parent === node.path ? focus(focused + 1) : undefined;
    }
    case 'ArrowLeft':
      if (isFolder(node) && node.expanded) return { kind: 'collapse', path: node.path };
      return focus(node.parent === undefined ? undefined : rows.findIndex((r) => isNode(r) && r.node.path === node.parent));
    case 'Enter':
      return isFolder(node) ? { kind: node.expanded ? 'collapse' : 'expand', path: node.path } : { kind: 'open', path: node.path, preview: false };
    case ' ':
      return isFolder(node) ? { kind: node.expanded ? 'collapse' : 'expand', path: node.path } : { kind: 'open', path: node.path, preview: true };
    case 'F2':
      return node.depth === 1 ? undefined : { kind: 'rename', path: node.path };
    case 'Delete':
      return node.depth === 1 ? undefined : { kind: 'delete', path: node.path };
  }
  return undefined;
}
