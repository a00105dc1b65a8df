import type { KeyboardEvent } from 'react';
import type { SidebarView } from '../../common/layout.js';
import { useSlice, useWorkbench } from './context.js';

const views: { id: SidebarView; label: string; glyph: string }[] = [
  { id: 'explorer', label: 'Explorer', glyph: '▤' },
  { id: 'search', label: 'Search', glyph: '⌕' },
  { id: 'outline', label: 'Outline', glyph: '☰' },
];

/**
 * The side bar's view switcher: a vertical tab list (arrows move between views, the tab
 * of the shown view is the one in the Tab order). Choosing the shown view again hides the
 * side bar, as in VS Code.
 */
export function ActivityBar() {
  const wb = useWorkbench();
  const current = useSlice(wb.layout.store, (s) => s.sidebarView);
  const visible = useSlice(wb.layout.store, (s) => s.sidebarVisible);

  const choose = (id: SidebarView) => (visible && id === current ? wb.layout.toggleSidebar() : wb.layout.showView(id, false));
  const onKeyDown = (e: KeyboardEvent) => {
    const at = views.findIndex((v) => v.id === current);
    const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? views.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const view = views[(next + views.length) % views.length]!;
    wb.layout.showView(view.id, false);
    document.getElementById(`activity-${view.id}`)?.focus();
  };

  return (
    <nav className="activitybar" aria-label="Views">
      <div role="tablist" aria-orientation="vertical" aria-label="Side bar views" onKeyDown={onKeyDown}>
        {views.map((v) => (
          <button
            key={v.id}
            id={`activity-${v.id}`}
            type="button"
            role="tab"
            className="activity-tab"
            aria-selected={visible && v.id === current}
            aria-controls={visible && v.id === current ? 'sidebar' : undefined}
            tabIndex={v.id === current ? 0 : -1}
            title={v.label}
            aria-label={v.label}
            onClick={() => choose(v.id)}
          >
            <span aria-hidden="true">{v.glyph}</span>
          </button>
        ))}
      </div>
    </nav>
  );
}
