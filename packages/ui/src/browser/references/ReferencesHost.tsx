import { Suspense } from 'react';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { ReferencesPanel } from '../workbench/lazyViews.js';

/** The panel under the editor while references are shown (a lazy chunk). */
export function ReferencesHost() {
  const wb = useWorkbench();
  const open = useSlice(wb.layout.store, (s) => s.panel === 'references');
  if (!open || !wb.index) return null;
  return (
    <Suspense fallback={null}>
      <ReferencesPanel index={wb.index} />
    </Suspense>
  );
}
