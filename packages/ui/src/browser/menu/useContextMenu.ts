import { useCallback, useState } from 'react';

export interface MenuAnchor<T> {
  x: number;
  y: number;
  target: T;
}

/** Where a context menu is open (and for what), or nothing. */
export function useContextMenu<T>() {
  const [anchor, setAnchor] = useState<MenuAnchor<T> | undefined>(undefined);
  const close = useCallback(() => setAnchor(undefined), []);
  return { anchor, open: setAnchor, close };
}

/** A menu position for keyboard invocations (Shift+F10): just below the element. */
export function anchorBelow(el: Element): { x: number; y: number } {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.bottom };
}
