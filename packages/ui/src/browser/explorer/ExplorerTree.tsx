import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { isFolder, scrollToReveal, treeKeyIntent, TypeAhead, visibleRange, type TreeIntent } from '../../common/index.js';
import { anchorBelow } from '../menu/useContextMenu.js';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { domId } from '../workbench/domIds.js';
import { ExplorerRow, ROW_HEIGHT } from './ExplorerRow.js';
import { useViewportHeight } from './useViewportHeight.js';

const OVERSCAN = 8;

interface Props {
  /** Opens the explorer's context menu for an entry (or for the empty area). */
  onMenu(target: string | undefined, point: { x: number; y: number }): void;
}

/**
 * The explorer as a virtualized ARIA tree: fixed-height rows, only the visible ones (plus a
 * small overscan) in the DOM. Focus stays on the tree; the selected row is its active
 * descendant, so scrolling rows out of the DOM never loses keyboard focus.
 */
export function ExplorerTree({ onMenu }: Props) {
  const wb = useWorkbench();
  const rows = useSlice(wb.explorer.store, (s) => s.rows);
  const selected = useSlice(wb.explorer.store, (s) => s.selected);
  const focusPending = useSlice(wb.layout.store, (s) => s.explorerFocusPending);
  const ref = useRef<HTMLDivElement>(null);
  const height = useViewportHeight(ref);
  const [scrollTop, setScrollTop] = useState(0);
  const typeAhead = useMemo(() => new TypeAhead(), []);

  const selectedIndex = useMemo(() => rows.findIndex((r) => r.kind === 'node' && r.node.path === selected), [rows, selected]);
  const { start, end } = visibleRange(scrollTop, height, ROW_HEIGHT, rows.length, OVERSCAN);

  // Pending rows in view: fetch the next page of their folder.
  useEffect(() => {
    const parents = new Set<string>();
    for (let i = start; i < end; i++) {
      const row = rows[i];
      if (row?.kind === 'pending') parents.add(row.parent);
    }
    parents.forEach((p) => void wb.explorer.loadMore(p));
  }, [wb, rows, start, end]);

  useEffect(() => {
    if (!focusPending) return;
    ref.current?.focus();
    wb.layout.focusTaken('explorer');
  }, [wb, focusPending]);

  const reveal = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el) return;
      const top = scrollToReveal(index, el.scrollTop, height, ROW_HEIGHT);
      if (top === undefined) return;
      el.scrollTop = top;
      setScrollTop(top);
    },
    [height],
  );

  const selectIndex = (index: number) => {
    const row = rows[index];
    if (row?.kind !== 'node') return;
    wb.explorer.select(row.node.path);
    reveal(index);
  };

  const perform = (intent: TreeIntent) => {
    switch (intent.kind) {
      case 'focus':
        return selectIndex(intent.index);
      case 'expand':
        return void wb.explorer.expand(intent.path);
      case 'collapse':
        wb.explorer.select(intent.path);
        return wb.explorer.collapse(intent.path);
      case 'open':
        return wb.explorer.open(intent.path, { preview: intent.preview });
      case 'rename':
        return void wb.explorer.rename(intent.path);
      case 'delete':
        return void wb.explorer.delete(intent.path);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const el = selected ? document.getElementById(domId('tree', selected)) : null;
      onMenu(selected, anchorBelow(el ?? e.currentTarget));
      return;
    }
    const intent = treeKeyIntent(e.key, rows, Math.max(selectedIndex, 0), Math.max(1, Math.floor(height / ROW_HEIGHT) - 1));
    if (intent) {
      e.preventDefault();
      // With nothing selected yet, the first Down/Home lands on the first row.
      if (selectedIndex < 0 && intent.kind === 'focus' && rows[0]?.kind === 'node' && (e.key === 'ArrowDown' || e.key === 'Home')) return selectIndex(0);
      return perform(intent);
    }
    if (e.key.length === 1 && e.key !== ' ') {
      const match = typeAhead.find(e.key, rows, selectedIndex);
      if (match !== undefined) selectIndex(match);
    }
  };

  const onRowClick = useCallback(
    (index: number, e: MouseEvent) => {
      const row = wb.explorer.store.getState().rows[index];
      if (row?.kind !== 'node' || e.button !== 0) return;
      wb.explorer.select(row.node.path);
      if (isFolder(row.node)) void wb.explorer.toggle(row.node.path);
      else wb.explorer.open(row.node.path, { preview: true });
    },
    [wb],
  );

  const onRowDoubleClick = useCallback(
    (index: number) => {
      const row = wb.explorer.store.getState().rows[index];
      if (row?.kind === 'node' && !isFolder(row.node)) wb.explorer.open(row.node.path, { preview: false });
    },
    [wb],
  );

  const onRowMenu = useCallback(
    (index: number, e: MouseEvent) => {
      const row = wb.explorer.store.getState().rows[index];
      if (row?.kind !== 'node') return;
      e.preventDefault();
      e.stopPropagation();
      wb.explorer.select(row.node.path);
      onMenu(row.node.path, { x: e.clientX, y: e.clientY });
    },
    [wb, onMenu],
  );

  // The selected row stays in the DOM even when scrolled away, as the active descendant.
  const indices: number[] = [];
  for (let i = start; i < end; i++) indices.push(i);
  if (selectedIndex >= 0 && (selectedIndex < start || selectedIndex >= end)) indices.push(selectedIndex);

  return (
    <div
      ref={ref}
      className="explorer-tree"
      role="tree"
      aria-label="Explorer"
      tabIndex={0}
      aria-activedescendant={selected && selectedIndex >= 0 ? domId('tree', selected) : undefined}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu(undefined, { x: e.clientX, y: e.clientY });
      }}
    >
      <div className="tree-canvas" role="presentation" style={{ height: rows.length * ROW_HEIGHT }}>
        {indices.map((i) => {
          const row = rows[i]!;
          const path = row.kind === 'node' ? row.node.path : undefined;
          return (
            <ExplorerRow
              key={path ?? `pending-${i}`}
              row={row}
              index={i}
              id={path ? domId('tree', path) : undefined}
              selected={path !== undefined && path === selected}
              onClick={onRowClick}
              onDoubleClick={onRowDoubleClick}
              onContextMenu={onRowMenu}
            />
          );
        })}
      </div>
    </div>
  );
}
