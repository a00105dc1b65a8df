import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Workbench } from '../../common/index.js';
import type { EditorKit } from '../editor/editorKit.js';

export interface WorkbenchServices {
  workbench: Workbench;
  kit: EditorKit;
}

export const WorkbenchContext = createContext<WorkbenchServices | null>(null);

function useServices(): WorkbenchServices {
  const services = useContext(WorkbenchContext);
  if (!services) throw new Error('Workbench components must be rendered inside <App/>');
  return services;
}

export const useWorkbench = (): Workbench => useServices().workbench;
export const useEditorKit = (): EditorKit => useServices().kit;

/** Subscribes a component to one slice of one store. */
export function useSlice<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  return useStore(store, selector);
}
