import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { basename } from '@marie/editor-core';
import { ContextMenu } from '../menu/ContextMenu.js';
import { anchorBelow, useContextMenu } from '../menu/useContextMenu.js';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { TabItem } from './TabItem.js';

/** The open editors as an ARIA tablist: arrows move between tabs, Delete closes, Shift+F10 opens the menu. */
export function TabBar() {
  const wb = useWorkbench();
  const tabs = useSlice(wb.editors.store, (s) => s.tabs);
  const docs = useSlice(wb.editors.store, (s) => s.docs);
  const menu = useContextMenu<string>();
  const list = useRef<HTMLDivElement>(null);

  if (tabs.tabs.length === 0) return null;

  const focusTab = (path: string) => {
    wb.editors.activate(path);
    // The tab becomes tabbable on the next render; focus it then.
    queueMicrotask(() => list.current?.querySelector<HTMLElement>(`[role="tab"][aria-selected="true"]`)?.focus());
  };

  const onKeyDown = (path: string) => (e: KeyboardEvent) => {
    const i = tabs.tabs.findIndex((t) => t.path === path);
    const at = (d: number) => tabs.tabs[(i + d + tabs.tabs.length) % tabs.tabs.length]!.path;
    if (e.key === 'ArrowRight') focusTab(at(1));
    else if (e.key === 'ArrowLeft') focusTab(at(-1));
    else if (e.key === 'Home') focusTab(tabs.tabs[0]!.path);
    else if (e.key === 'End') focusTab(tabs.tabs.at(-1)!.path);
    else if (e.key === 'Delete') void wb.editors.close(path);
    else if (e.key === 'Enter' || e.key === ' ') wb.layout.focusEditor();
    else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) menu.open({ ...anchorBelow(e.currentTarget), target: path });
    else return;
    e.preventDefault();
  };

  const onMenu = (path: string) => (e: MouseEvent | KeyboardEvent) => {
    e.preventDefault();
    const point = 'clientX' in e ? { x: e.clientX, y: e.clientY } : anchorBelow(e.currentTarget);
    menu.open({ ...point, target: path });
  };

  const target = menu.anchor?.target;
  const targetTab = tabs.tabs.find((t) => t.path === target);

  return (
    <div className="tabbar">
      <div ref={list} role="tablist" aria-label="Open editors" className="tablist">
        {tabs.tabs.map((tab) => (
          <TabItem
            key={tab.path}
            tab={tab}
            doc={docs[tab.path]}
            name={basename(tab.path)}
            active={tab.path === tabs.active}
            onActivate={() => wb.editors.activate(tab.path)}
            onPin={() => wb.editors.pin(tab.path)}
            onClose={() => void wb.editors.close(tab.path)}
            onMenu={onMenu(tab.path)}
            onKeyDown={onKeyDown(tab.path)}
          />
        ))}
      </div>
      {menu.anchor && target && targetTab ? (
        <ContextMenu
          label={`${basename(target)} tab actions`}
          x={menu.anchor.x}
          y={menu.anchor.y}
          onClose={menu.close}
          items={[
            { label: 'Close', run: () => void wb.editors.close(target) },
            { label: 'Close Others', disabled: tabs.tabs.length < 2, run: () => void wb.editors.closeOthers(target) },
            { label: 'Keep Open', disabled: !targetTab.preview, run: () => wb.editors.pin(target) },
          ]}
        />
      ) : null}
    </div>
  );
}
