import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandId, IAuthService, IIndexService, IPolicyService, ISettingsService, IWorkspaceService } from '@marie/protocol';
import { runCommand, Workbench } from '../common/index.js';
import { AccountHost } from './account/AccountHost.js';
import { useAccountSlice } from './account/useAccount.js';
import { isLocked } from '../common/account.js';
import { DialogHost } from './dialogs/DialogHost.js';
import type { EditorKit } from './editor/editorKit.js';
import { monacoKit } from './editor/monacoKit.js';
import { useKeybindings } from './keyboard/useKeybindings.js';
import { NotificationList } from './notifications/NotificationList.js';
import { PreferencesHost } from './settings/PreferencesHost.js';
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
  /** The host's policy and settings services, for the Policies page and the Settings editor. */
  policy?: IPolicyService;
  settings?: ISettingsService;
  /** The host's code index: quick open, symbols, definitions, search, outline. Optional. */
  index?: IIndexService;
  /** The host's sign-in: the account item, and the lock screen when policy requires sign-in. */
  auth?: IAuthService;
}

export function App({ workspace, editorKit = monacoKit, commandSource, pageSize, hostGeneration, policy, settings, index, auth }: AppProps) {
  const [workbench] = useState(() => new Workbench({ workspace, createBuffer: editorKit.createBuffer, pageSize, preferences: { policy, settings }, index, auth }));
  // Locked: no shortcut or menu command reaches the workbench behind the lock screen.
  const run = useCallback((id: CommandId) => void (workbench.account?.locked || runCommand(workbench, id)), [workbench]);
  const locked = useAccountSlice(workbench.account, isLocked, false);
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

  // The host refuses files while locked (RequireSignIn): once unlocked, load them again.
  const wasLocked = useRef(locked);
  useEffect(() => {
    if (wasLocked.current && !locked) workbench.hostRestarted();
    wasLocked.current = locked;
  }, [workbench, locked]);

  useEffect(() => commandSource?.(run), [commandSource, run]);
  useKeybindings(run);

  return (
    <WorkbenchContext.Provider value={{ workbench, kit: editorKit }}>
      <div className="app">
        {/* Inert while locked: not usable, but mounted, so unsaved buffers and tabs stay. */}
        <div className="app-lockable" inert={locked} aria-hidden={locked || undefined}>
          <Body workbench={workbench} />
          <NotificationList />
          <PreferencesHost />
          <DialogHost />
        </div>
        <AccountHost account={workbench.account} />
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
