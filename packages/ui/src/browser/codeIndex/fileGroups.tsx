import { useCallback, useMemo, useState } from 'react';
import { basename } from '@marie/editor-core';
import type { WorkspaceRoot } from '@marie/protocol';
import { relativePath } from '../../common/codeIndex/relativePath.js';
import { useSlice, useWorkbench } from '../workbench/context.js';
import type { ResultRow } from './ResultTree.js';

export interface FileGroup<T> {
  readonly path: string;
  readonly items: readonly T[];
}

/**
 * Results grouped by file as tree rows: a heading per file (name, folder, count) that folds,
 * and its items below. `itemRow` should be stable (useCallback) so rows are not rebuilt per render.
 */
export function useFileGroupRows<T>(groups: readonly FileGroup<T>[], noun: readonly [string, string], itemRow: (item: T) => ResultRow): ResultRow[] {
  const wb = useWorkbench();
  const roots = useSlice(wb.roots.store, (s) => s.roots);
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (path: string) =>
      setFolded((f) => {
        const next = new Set(f);
        if (!next.delete(path)) next.add(path);
        return next;
      }),
    [],
  );
  const [one, many] = noun;
  return useMemo(() => {
    const rows: ResultRow[] = [];
    for (const group of groups) {
      const expanded = !folded.has(group.path);
      rows.push(headingRow(group.path, roots, `${group.items.length} ${group.items.length === 1 ? one : many}`, group.items.length, expanded, () => toggle(group.path)));
      if (expanded) for (const item of group.items) rows.push(itemRow(item));
    }
    return rows;
  }, [groups, roots, folded, toggle, one, many, itemRow]);
}

function headingRow(path: string, roots: readonly WorkspaceRoot[], countText: string, count: number, expanded: boolean, toggle: () => void): ResultRow {
  const name = basename(path);
  const relative = relativePath(path, roots);
  return {
    id: path,
    level: 1,
    label: `${relative}, ${countText}`,
    expanded,
    toggle,
    content: (
      <>
        <span className="result-file">{name}</span>
        <span className="result-folder">{relative.slice(0, Math.max(0, relative.length - name.length - 1))}</span>
        <span className="result-count">{count}</span>
      </>
    ),
  };
}
