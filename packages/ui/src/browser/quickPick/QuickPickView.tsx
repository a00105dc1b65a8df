import '../codeIndex/codeIndex.css';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { QuickPick } from '../../common/codeIndex/quickPick.js';
import { symbolKindTag } from '../../common/codeIndex/symbolKinds.js';
import { Highlighted } from '../codeIndex/Highlighted.js';
import { useSlice } from '../workbench/context.js';

const optionId = (i: number) => `quick-pick-option-${i}`;

/**
 * The quick pick over the editor: a combobox and its listbox. The input keeps focus; the
 * active option is its active descendant. Esc or focus moving elsewhere closes it.
 */
export default function QuickPickView({ picker }: { picker: QuickPick }) {
  const source = useSlice(picker.store, (s) => s.source);
  const query = useSlice(picker.store, (s) => s.query);
  const items = useSlice(picker.store, (s) => s.items);
  const active = useSlice(picker.store, (s) => s.active);
  const partial = useSlice(picker.store, (s) => s.partial);
  const loading = useSlice(picker.store, (s) => s.loading);
  const error = useSlice(picker.store, (s) => s.error);
  const input = useRef<HTMLInputElement>(null);
  const leftByBlur = useRef(false);

  // Focus in on open, in a layout effect: the view is a lazy chunk, so a passive effect ran a
  // tick after the dialog was on screen, and a key typed in between went elsewhere.
  const previous = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    previous.current = document.activeElement as HTMLElement | null;
    input.current?.focus();
  }, []);
  // Back to where it was on close (once the dialog is gone), unless the user clicked elsewhere.
  useEffect(
    () => () => {
      if (!leftByBlur.current && (document.activeElement === document.body || document.activeElement === null)) previous.current?.focus?.();
    },
    [],
  );

  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  }, [active, items]);

  if (!source) return null;

  const onKeyDown = (e: KeyboardEvent) => {
    switch (e.key) {
      case 'ArrowDown':
        picker.move(1);
        break;
      case 'ArrowUp':
        picker.move(-1);
        break;
      case 'PageDown':
        picker.setActive(Math.min(items.length - 1, active + 10));
        break;
      case 'PageUp':
        picker.setActive(Math.max(0, active - 10));
        break;
      case 'Enter':
        picker.accept();
        break;
      case 'Escape':
        picker.hide();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const note = error ?? (items.length === 0 ? (loading ? 'Searching…' : 'No results') : '');
  return (
    <div
      className="quick-pick"
      role="dialog"
      aria-label={source.title}
      data-testid="quick-pick"
      onBlur={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        leftByBlur.current = true;
        picker.hide();
      }}
    >
      <input
        ref={input}
        role="combobox"
        aria-label={source.title}
        aria-expanded="true"
        aria-controls="quick-pick-list"
        aria-autocomplete="list"
        aria-activedescendant={items.length ? optionId(active) : undefined}
        aria-busy={loading || undefined}
        placeholder={source.placeholder}
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(e) => picker.setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="quick-pick-note" role="status" data-testid="quick-pick-note">
        {note}
        {partial && !error ? <span className="quick-pick-partial">indexing…</span> : null}
      </div>
      <ul
        id="quick-pick-list"
        role="listbox"
        aria-label={`${source.title} results`}
        className="quick-pick-list"
        // Keep focus in the input: a click on a row (or the list's scrollbar) must not blur, and so close, the picker.
        onMouseDown={(e) => e.preventDefault()}
      >
        {items.map((item, i) => (
          <li
            key={item.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className="quick-pick-item"
            onMouseMove={() => i !== active && picker.setActive(i)}
            onClick={() => picker.accept(i)}
          >
            {item.kind ? (
              <span className="symbol-kind" data-kind={item.kind} title={item.kind}>
                {symbolKindTag(item.kind)}
              </span>
            ) : null}
            <span className="quick-pick-label">
              <Highlighted text={item.label} positions={item.labelHighlights} />
            </span>
            {item.description ? (
              <span className="quick-pick-description">
                <Highlighted text={item.description} positions={item.descriptionHighlights} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
