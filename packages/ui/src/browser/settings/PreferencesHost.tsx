import { lazy, Suspense } from 'react';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { PageLoadBoundary } from './PageLoadBoundary.js';

// Loaded on first use only: neither page is part of the chunk that paints the workbench.
const PoliciesPage = lazy(() => import('../policies/PoliciesPage.js'));
const SettingsEditor = lazy(() => import('./SettingsEditor.js'));

/** Shows the open preference page (Settings or Policies) over the workbench. */
export function PreferencesHost() {
  const wb = useWorkbench();
  const page = useSlice(wb.preferences.store, (s) => s.page);
  if (!page) return null;
  return (
    <PageLoadBoundary key={page} onClose={() => wb.preferences.close()}>
      <Suspense
        fallback={
          <div className="preferences-loading" role="status">
            Loading {page === 'policies' ? 'policies' : 'settings'}…
          </div>
        }
      >
        {page === 'policies' ? <PoliciesPage /> : <SettingsEditor />}
      </Suspense>
    </PageLoadBoundary>
  );
}
