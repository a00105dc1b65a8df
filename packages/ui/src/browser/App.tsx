import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandId, IWorkspaceService } from '@marie/protocol';
import { runCommand, Workbench } from '../common/index.js';
import { DialogHost } from './dialogs/DialogHost.js';
import type { EditorKit } from './editor/editorKit.js';
import { monacoKit } from './editor/monacoKit.js';
import { useKeybindings } from './keyboard/useKeybindings.js';
import { NotificationList } from './notifications/NotificationList.js';
import { WelcomePage } from './welcome/WelcomePage.js';
import { WorkbenchContext } from './workbench/context.js';
import { useSlice } from './workbench/context.js';
import { WorkbenchShell } from './workbench/WorkbenchShell.js';

/** Subscribes to commands from outside the page (the desktop menu); returns an unsubscribe. */
export type CommandSource = (listener: (id: CommandId) => void) => () => void;

export interface AppProps {
  /** The host's workspace service; the App neither knows nor cares how it is reached. */
  workspace: IWorkspaceService;
  /** The text editor implementation: Monaco by default, the plain-text kit in tests. */
  editorKit?: EditorKit;
  commandSource?: CommandSource;
  /** Explorer page size; tests use small pages to exercise paging. */
  pageSize?: number;
  /** Changes when `workspace` reaches a restarted host (desktop): the workbench catches up. */
  hostGeneration?: number;
}

export function App({ workspace, editorKit = monacoKit, commandSource, pageSize, hostGeneration }: AppProps) {
  const [workbench] = useState(() => new Workbench({ workspace, createBuffer: editorKit.createBuffer, pageSize }));
  const run = useCallback((id: CommandId) => runCommand(workbench, id), [workbench]);
  const seenGeneration = useRef(hostGeneration);

  useEffect(() => {
    workbench.start();
    // After start(): the host's first round trips are under way while the editor loads.
    editorKit.preload?.();
    return () => workbench.stop();
  }, [workbench, editorKit]);

  useEffect(() => {
    if (seenGeneration.current === hostGeneration) return;
    seenGeneration.current = hostGeneration;
    workbench.hostRestarted();
  }, [workbench, hostGeneration]);

  useEffect(() => commandSource?.(run), [commandSource, run]);
  useKeybindings(run);

  return (
    <WorkbenchContext.Provider value={{ workbench, kit: editorKit }}>
      <div className="app">
        <Body workbench={workbench} />
        <NotificationList />
        <DialogHost />
      </div>
    </WorkbenchContext.Provider>
  );
}

function Body({ workbench }: { workbench: Workbench }) {
  const status = useSlice(workbench.roots.store, (s) => s.status);
  const hasRoots = useSlice(workbench.roots.store, (s) => s.roots.length > 0);
  const loadError = useSlice(workbench.roots.store, (s) => s.loadError);
  if (status === 'loading') {
    return (
      <div className="app-message" aria-busy="true">
        Connecting to the workspace…
      </div>
    );
  }
  if (status === 'failed') {
    return (
      <div className="app-message" role="alert">
        The workspace could not be loaded: {loadError}
      </div>
    );
  }
  return hasRoots ? <WorkbenchShell /> : <WelcomePage />;
}
