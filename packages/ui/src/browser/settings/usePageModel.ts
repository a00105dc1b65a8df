import { useEffect } from 'react';
import type { Disposable } from '@marie/protocol';
import type { Workbench } from '../../common/index.js';
import { useSlice, useWorkbench } from '../workbench/context.js';

interface PageModel extends Disposable {
  start(): void;
}

/**
 * One model per workbench and page kind, kept after the page closes so what the user typed
 * (a draft the host refused, say) is still there when it opens again. It listens to the host
 * only while the page is shown, and subscribes again after a host restart.
 */
export function usePageModel<M extends PageModel>(cache: WeakMap<Workbench, M>, create: (wb: Workbench) => M): M {
  const wb = useWorkbench();
  let model = cache.get(wb);
  if (!model) {
    model = create(wb);
    cache.set(wb, model);
  }
  const generation = useSlice(wb.preferences.store, (s) => s.generation);
  useEffect(() => {
    model.start();
    return () => model.dispose();
  }, [model, generation]);
  return model;
}
