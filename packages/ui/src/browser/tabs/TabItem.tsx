import type { KeyboardEvent, MouseEvent } from 'react';
import type { DocumentSnapshot, Tab } from '@marie/editor-core';
import { domId } from '../workbench/domIds.js';

interface Props {
  tab: Tab;
  doc: DocumentSnapshot | undefined;
  name: string;
  active: boolean;
  onActivate(): void;
  onPin(): void;
  onClose(): void;
  onMenu(e: MouseEvent | KeyboardEvent): void;
  onKeyDown(e: KeyboardEvent): void;
}

/**
 * One tab. The close button sits beside the `tab` element, not inside it, so the tab's
 * accessible name is the file name (plus " (unsaved)") and never includes "Close".
 */
export function TabItem({ tab, doc, name, active, onActivate, onPin, onClose, onMenu, onKeyDown }: Props) {
  const dirty = doc?.kind === 'text' && doc.dirty;
  const onMouseDown = (e: MouseEvent) => {
    // Middle button: no autoscroll; the auxclick closes.
    if (e.button === 1) e.preventDefault();
  };
  const onAuxClick = (e: MouseEvent) => {
    if (e.button !== 1) return;
    e.preventDefault();
    onClose();
  };
  return (
    <div className="tab" role="presentation" data-active={active} data-preview={tab.preview} onMouseDown={onMouseDown} onAuxClick={onAuxClick} onContextMenu={onMenu}>
      <div
        role="tab"
        id={domId('tab', tab.path)}
        className="tab-label"
        aria-selected={active}
        aria-controls={active ? 'editor-panel' : undefined}
        aria-label={dirty ? `${name} (unsaved)` : name}
        data-preview={tab.preview}
        data-dirty={dirty}
        data-path={tab.path}
        title={tab.path}
        tabIndex={active ? 0 : -1}
        onClick={onActivate}
        onDoubleClick={onPin}
        onKeyDown={onKeyDown}
      >
        {name}
      </div>
      <button type="button" className="tab-close" aria-label={`Close ${name}`} tabIndex={-1} onClick={onClose} data-dirty={dirty}>
        <span aria-hidden="true" className="tab-dirty-dot">
          ●
        </span>
        <span aria-hidden="true" className="tab-close-x">
          ×
        </span>
      </button>
    </div>
  );
}
