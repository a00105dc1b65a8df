import { useCallback } from 'react';
import { ContextMenu, type MenuItem } from '../menu/ContextMenu.js';
import { useContextMenu } from '../menu/useContextMenu.js';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { ExplorerToolbar } from './ExplorerToolbar.js';
import { ExplorerTree } from './ExplorerTree.js';

/** The explorer: a title with actions, the tree, and the entries' context menu. */
export function ExplorerView() {
  const wb = useWorkbench();
  const selected = useSlice(wb.explorer.store, (s) => s.selected);
  const selectedIsRoot = useSlice(wb.explorer.store, (s) => (s.selected ? s.tree.nodes.get(s.selected)?.depth === 1 : false));
  const menu = useContextMenu<string | undefined>();
  const openMenu = useCallback((target: string | undefined, point: { x: number; y: number }) => menu.open({ ...point, target }), [menu.open]);

  const target = menu.anchor?.target;
  const editable = target !== undefined && wb.explorer.store.getState().tree.nodes.get(target)?.depth !== 1;
  const items: MenuItem[] = [
    { label: 'New File…', run: () => void wb.explorer.createEntry('file') },
    { label: 'New Folder…', run: () => void wb.explorer.createEntry('directory') },
    ...(editable && target
      ? [
          { label: 'Rename…', run: () => void wb.explorer.rename(target) },
          { label: 'Delete', run: () => void wb.explorer.delete(target) },
        ]
      : []),
    { label: 'Refresh', run: () => void wb.explorer.refresh() },
  ];

  return (
    <section className="explorer" aria-labelledby="explorer-title">
      <header className="sidebar-header">
        <h2 id="explorer-title">Explorer</h2>
        <ExplorerToolbar selected={selected} selectedIsRoot={selectedIsRoot} />
      </header>
      <ExplorerTree onMenu={openMenu} />
      {menu.anchor ? <ContextMenu label="Explorer context menu" items={items} x={menu.anchor.x} y={menu.anchor.y} onClose={menu.close} /> : null}
    </section>
  );
}
