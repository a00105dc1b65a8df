import { isEqualOrInside } from '@marie/editor-core';
import type { WorkspaceRoot } from '@marie/protocol';

/**
 * A host path as the user thinks of it: relative to its root, prefixed with the root's name
 * when several roots are open (two roots may both have a src/index.ts).
 */
export function relativePath(path: string, roots: readonly WorkspaceRoot[]): string {
  const root = roots.find((r) => isEqualOrInside(path, r.path));
  if (!root) return path;
  const rest = path.slice(root.path.length).replace(/^[\\/]+/, '');
  return roots.length > 1 ? `${root.name}/${rest}` : rest;
}
