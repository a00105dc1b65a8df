import { useLayoutEffect, useState, type RefObject } from 'react';

/** Height of a scroll container, kept current. Without layout (jsdom) it assumes `fallback`. */
export function useViewportHeight(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const [height, setHeight] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || fallback);
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return height;
}
