import { useEffect } from 'react';
import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import type { Workbench } from '../../common/index.js';
import { useSlice } from '../workbench/context.js';

/** Quiet time after the index reports progress before the outline asks again. */
const INDEX_SETTLE_MS = 300;

/**
 * Keeps the outline on the active file while the view is shown: a new file, a save (a new
 * etag) or a change in the index (the save reaching it, indexing progress) asks again.
 */
export function useOutlineFollowsEditor(wb: Workbench, index: IndexFeatures): void {
  const path = useSlice(wb.editors.store, (s) => s.tabs.active);
  const etag = useSlice(wb.editors.store, (s) => {
    const doc = s.tabs.active ? s.docs[s.tabs.active] : undefined;
    return doc?.kind === 'text' ? doc.etag : undefined;
  });

  useEffect(() => {
    void index.outline.load(path);
  }, [index, path, etag]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = index.status.store.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const shown = index.outline.store.getState().path;
        if (shown) void index.outline.load(shown);
      }, INDEX_SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [index]);
}
