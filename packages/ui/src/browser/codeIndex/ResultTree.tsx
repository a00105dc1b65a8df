import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { domId } from '../workbench/domIds.js';

export interface ResultRow {
  readonly id: string;
  /** 1-based nesting depth. */
  readonly level: number;
  /** The row's accessible name. */
  readonly label: string;
  readonly content: ReactNode;
  /** Rows with children can fold; undefined for leaves. */
  readonly expanded?: boolean;
  toggle?(): void;
  open?(): void;
}

interface Props {
  label: string;
  rows: readonly ResultRow[];
  /** Focus the tree when this turns true (a command asked for the view). */
  autoFocus?: boolean;
}

/**
 * Results as a WAI-ARIA tree (search matches, references, an outline): focus stays on the
 * tree and the active row is its active descendant. Up/Down/Home/End move, Right unfolds or
 * enters, Left folds or goes to the parent, Enter or Space opens (or folds a group).
 */
export function ResultTree({ label, rows, autoFocus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const index = Math.max(0, rows.findIndex((r) => r.id === activeId));
  const active = rows[index];

  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    if (active) document.getElementById(domId('result', active.id))?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const go = (i: number) => {
    const row = rows[Math.min(rows.length - 1, Math.max(0, i))];
    if (row) setActiveId(row.id);
  };
  const parentOf = (i: number) => {
    for (let p = i - 1; p >= 0; p--) if (rows[p]!.level < rows[i]!.level) return p;
    return undefined;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!active) return;
    switch (e.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (active.expanded === false) active.toggle?.();
        else if (active.expanded) go(index + 1);
        break;
      case 'ArrowLeft': {
        const parent = parentOf(index);
        if (active.expanded) active.toggle?.();
        else if (parent !== undefined) go(parent);
        break;
      }
      case 'Enter':
      case ' ':
        if (active.open) active.open();
        else active.toggle?.();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      role="tree"
      aria-label={label}
      className="result-tree"
      tabIndex={0}
      aria-activedescendant={active ? domId('result', active.id) : undefined}
      onKeyDown={onKeyDown}
    >
      {rows.map((row) => (
        <div
          key={row.id}
          id={domId('result', row.id)}
          role="treeitem"
          aria-level={row.level}
          aria-label={row.label}
          aria-expanded={row.expanded}
          aria-selected={row === active}
          className="result-row"
          data-level={row.level}
          style={{ paddingLeft: 8 + (row.level - 1) * 14 }}
          onClick={() => {
            setActiveId(row.id);
            if (row.open) row.open();
            else row.toggle?.();
          }}
        >
          {row.expanded !== undefined ? (
            <span
              className="tree-twistie"
              data-state={row.expanded ? 'open' : 'closed'}
              aria-hidden="true"
              onClick={(e) => {
                // The arrow folds; the rest of the row opens.
                e.stopPropagation();
                setActiveId(row.id);
                row.toggle?.();
              }}
            />
          ) : null}
          {row.content}
        </div>
      ))}
    </div>
  );
}
