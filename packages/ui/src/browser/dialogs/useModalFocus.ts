import { useEffect, type KeyboardEvent, type RefObject } from 'react';

const focusable = 'button:not([disabled]), input:not([disabled]), textarea, select, [tabindex]:not([tabindex="-1"])';

/**
 * A modal's keyboard contract: focus moves in on open and back out on close, Tab cycles
 * inside, Escape cancels.
 */
export function useModalFocus(ref: RefObject<HTMLElement | null>, initial: () => HTMLElement | null | undefined, onCancel: () => void) {
  // Once per dialog: each dialog is its own mount (keyed by id).
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    (initial() ?? ref.current?.querySelector<HTMLElement>(focusable))?.focus();
    return () => previous?.focus?.();
  }, []);

  return (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(focusable) ?? [])];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
}
