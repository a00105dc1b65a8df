import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface MenuItem {
  readonly label: string;
  readonly disabled?: boolean;
  run(): void;
}

interface Props {
  label: string;
  items: readonly MenuItem[];
  x: number;
  y: number;
  onClose(): void;
}

/** A small ARIA menu at a point: arrow keys move, Enter runs, Escape or a click outside closes. */
export function ContextMenu({ label, items, x, y, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    returnFocus.current = document.activeElement;
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const outside = (e: MouseEvent) => ref.current?.contains(e.target as Node) || onClose();
    window.addEventListener('mousedown', outside, true);
    return () => {
      window.removeEventListener('mousedown', outside, true);
      (returnFocus.current as HTMLElement | null)?.focus?.();
    };
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    const move = (d: number) => buttons[(at + d + buttons.length) % buttons.length]?.focus();
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Home') buttons[0]?.focus();
    else if (e.key === 'End') buttons.at(-1)?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div ref={ref} className="context-menu" role="menu" aria-label={label} style={{ left: x, top: y }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled || undefined}
          onClick={() => {
            if (item.disabled) return;
            onClose();
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
