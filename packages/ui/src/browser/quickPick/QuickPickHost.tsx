import { Suspense } from 'react';
import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import { useSlice } from '../workbench/context.js';
import { QuickPickView } from '../workbench/lazyViews.js';

/** Mounts the quick pick (a lazy chunk) only while one is open. */
export function QuickPickHost({ index }: { index: IndexFeatures }) {
  const open = useSlice(index.quickPick.store, (s) => s.source !== undefined);
  return open ? (
    <Suspense fallback={null}>
      <QuickPickView picker={index.quickPick} />
    </Suspense>
  ) : null;
}
