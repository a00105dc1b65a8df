import { Suspense } from 'react';
import { ExplorerView } from '../explorer/ExplorerView.js';
import { useSlice, useWorkbench } from './context.js';
import { OutlineView, SearchView } from './lazyViews.js';

/** The side bar's current view; the explorer is part of the first paint, the others load when shown. */
export function SidebarContent() {
  const wb = useWorkbench();
  const view = useSlice(wb.layout.store, (s) => s.sidebarView);
  const index = wb.index;
  if (view === 'explorer' || !index) return <ExplorerView />;
  return (
    <Suspense fallback={<p className="sidebar-note">Loading…</p>}>{view === 'search' ? <SearchView index={index} /> : <OutlineView index={index} />}</Suspense>
  );
}
