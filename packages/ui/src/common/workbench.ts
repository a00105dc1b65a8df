import type { Disposable, IAuthService, IIndexService, IWorkspaceService } from '@marie/protocol';
import type { BufferFactory } from '@marie/editor-core';
import { Account } from './account.js';
import { IndexFeatures } from './codeIndex/indexFeatures.js';
import { Dialogs } from './dialogs.js';
import { Editors } from './editors.js';
import { Explorer } from './explorer.js';
import { Layout } from './layout.js';
import { Notifications } from './notifications.js';
import { Preferences, type PreferencesServices } from './preferences.js';
import { Roots } from './roots.js';

export interface WorkbenchOptions {
  workspace: IWorkspaceService;
  createBuffer: BufferFactory;
  /** Explorer page size (tests use small pages). */
  pageSize?: number;
  /** Policy and settings services for the preference pages; without them the pages stay closed. */
  preferences?: PreferencesServices;
  /** The host's code index; without it quick open, symbols, search and outline are unavailable. */
  index?: IIndexService;
  /** The host's sign-in; without it there is no account item and nothing locks. */
  auth?: IAuthService;
}

/**
 * The composition root of the UI's state: every store, wired to the workspace service and to
 * each other. It knows nothing of the DOM or of where the host runs.
 */
export class Workbench implements Disposable {
  readonly workspace: IWorkspaceService;
  readonly notifications = new Notifications();
  readonly dialogs = new Dialogs();
  readonly layout = new Layout();
  readonly preferences: Preferences;
  readonly roots: Roots;
  readonly explorer: Explorer;
  readonly editors: Editors;
  readonly index: IndexFeatures | undefined;
  readonly account: Account | undefined;
  private subscriptions: Disposable[] = [];

  constructor(options: WorkbenchOptions) {
    this.workspace = options.workspace;
    this.preferences = new Preferences(options.preferences);
    this.roots = new Roots(options.workspace);
    this.editors = new Editors({ workspace: options.workspace, createBuffer: options.createBuffer, notifications: this.notifications, dialogs: this.dialogs });
    this.explorer = new Explorer({
      workspace: options.workspace,
      notifications: this.notifications,
      dialogs: this.dialogs,
      pageSize: options.pageSize,
      openFile: (path, o) => {
        void this.editors.open(path, o);
        // A pinned open moves focus to the editor; a preview leaves it in the explorer.
        if (!o.preview) this.layout.focusEditor();
        else this.layout.focusTaken('editor');
      },
      onDidRename: (from, to) => this.editors.retarget(from, to),
    });
    this.account = options.auth && new Account(options.auth);
    this.index = options.index && new IndexFeatures({ index: options.index, editors: this.editors, layout: this.layout, notifications: this.notifications, roots: this.roots });
  }

  /** Subscribes to the host's events and loads the roots. Safe to call again after stop(). */
  start(): void {
    if (this.subscriptions.length) return;
    let lastRoots = this.roots.store.getState().roots;
    const rootsListener = this.roots.store.subscribe((s) => {
      if (s.roots === lastRoots) return;
      lastRoots = s.roots;
      this.explorer.setRoots(s.roots);
    });
    this.subscriptions = [
      { dispose: rootsListener },
      this.workspace.onDidChangeRoots((roots) => this.roots.set(roots)),
      this.workspace.onDidChangeFiles((changes) => {
        this.explorer.handleFileChanges(changes);
        this.editors.handleFileChanges(changes);
      }),
      ...(this.index?.start() ?? []),
    ];
    void this.roots.load();
    // After the roots request: the tree never waits for the keychain behind the status.
    if (this.account) {
      this.account.start();
      this.subscriptions.push(this.account);
    }
  }

  /**
   * The host restarted behind the same workspace proxy (desktop): subscribe again, and re-read
   * what may have changed on disk while no watcher was running. Open documents stay.
   */
  hostRestarted(): void {
    this.stop();
    this.start();
    this.preferences.hostRestarted();
    void this.explorer.refresh();
    this.editors.handleFileChanges(this.roots.store.getState().roots.map((r) => ({ type: 'changed', path: r.path })));
  }

  stop(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions = [];
  }

  dispose(): void {
    this.stop();
    this.explorer.dispose();
    this.editors.dispose();
  }
}
