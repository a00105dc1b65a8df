import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FileChange, IWorkspaceService, TextRange } from '@marie/protocol';
import {
  activateTab,
  basename as name,
  closeOtherTabs,
  closeTab,
  cycleTab,
  DocumentManager,
  emptyTabs,
  isEqualOrInside,
  openTab,
  pinTab,
  retargetTab,
  type BufferFactory,
  type DocumentSnapshot,
  type SaveOutcome,
  type TabsState,
  type TextBuffer,
} from '@marie/editor-core';
import type { Dialogs } from './dialogs.js';
import type { Notifications } from './notifications.js';

export interface CursorPosition {
  readonly line: number;
  readonly column: number;
}

export interface EditorsState {
  readonly tabs: TabsState;
  readonly docs: Readonly<Record<string, DocumentSnapshot>>;
  /** The document shown as a diff against the disk, if any. */
  readonly comparing: string | undefined;
  readonly cursor: CursorPosition | undefined;
  /** A range the editor should select and scroll to once `path` is shown, then clear. */
  readonly reveal: { readonly path: string; readonly range: TextRange } | undefined;
}

export interface EditorsDeps {
  workspace: Pick<IWorkspaceService, 'read' | 'write' | 'stat'>;
  createBuffer: BufferFactory;
  notifications: Notifications;
  dialogs: Dialogs;
}

/** Tabs plus the documents behind them: opening, saving, conflicts, closing with a question. */
export class Editors {
  readonly store: StoreApi<EditorsState> = createStore<EditorsState>(() => ({ tabs: emptyTabs, docs: {}, comparing: undefined, cursor: undefined, reveal: undefined }));
  readonly documents: DocumentManager;

  constructor(private readonly deps: EditorsDeps) {
    this.documents = new DocumentManager({
      files: deps.workspace,
      createBuffer: deps.createBuffer,
      onError: (error, path) => deps.notifications.error(`${name(path)}: ${error.message}`),
    });
    this.documents.onDidChange(({ path, snapshot }) => this.onDocument(path, snapshot));
  }

  private get state(): EditorsState {
    return this.store.getState();
  }

  private setTabs(tabs: TabsState): void {
    if (tabs === this.state.tabs) return;
    const before = this.state.tabs;
    this.store.setState({ tabs, ...(tabs.active !== before.active ? { cursor: undefined } : {}) });
    // A replaced preview or a closed tab takes its document with it.
    for (const t of before.tabs) if (!tabs.tabs.some((n) => n.path === t.path)) this.documents.close(t.path);
  }

  buffer(path: string): TextBuffer | undefined {
    return this.documents.get(path)?.buffer;
  }

  async open(path: string, options: { preview: boolean }): Promise<void> {
    this.setTabs(openTab(this.state.tabs, path, options));
    const snapshot = await this.documents.open(path);
    if (snapshot.kind === 'text') return;
    // Nothing to select in: a reveal waiting for this file would fire on some later open.
    if (this.state.reveal?.path === path) this.store.setState({ reveal: undefined });
    if (snapshot.kind === 'unavailable') this.deps.notifications.error(`Could not open ${snapshot.name}: ${snapshot.error.message}`);
  }

  /** Opens `path` pinned and asks its editor to select `range` (zero-based). */
  async openAt(path: string, range: TextRange): Promise<void> {
    this.store.setState({ reveal: { path, range } });
    await this.open(path, { preview: false });
  }

  /** The editor honoured the reveal request. */
  revealed(): void {
    if (this.state.reveal) this.store.setState({ reveal: undefined });
  }

  activate(path: string): void {
    this.setTabs(activateTab(this.state.tabs, path));
  }

  pin(path: string): void {
    this.setTabs(pinTab(this.state.tabs, path));
  }

  next(): void {
    this.setTabs(cycleTab(this.state.tabs, 1));
  }

  previous(): void {
    this.setTabs(cycleTab(this.state.tabs, -1));
  }

  /** Closes a tab; a dirty one asks Save / Don't Save / Cancel. Resolves false if it stayed open. */
  async close(path: string): Promise<boolean> {
    const snapshot = this.state.docs[path];
    if (snapshot?.kind === 'text' && snapshot.dirty) {
      const answer = await this.deps.dialogs.choose({
        title: `Save changes to ${snapshot.name}?`,
        message: `Do you want to save the changes you made to ${snapshot.name}? Your changes will be lost if you don't save them.`,
        choices: [
          { id: 'save', label: 'Save', primary: true },
          { id: 'discard', label: "Don't Save" },
          { id: 'cancel', label: 'Cancel' },
        ],
        cancelId: 'cancel',
      });
      if (answer === 'cancel') return false;
      if (answer === 'save' && (await this.save(path))?.status !== 'saved') return false;
    }
    if (this.state.comparing === path) this.store.setState({ comparing: undefined });
    this.setTabs(closeTab(this.state.tabs, path));
    return true;
  }

  async closeActive(): Promise<void> {
    const active = this.state.tabs.active;
    if (active) await this.close(active);
  }

  async closeOthers(path: string): Promise<void> {
    for (const tab of this.state.tabs.tabs) {
      if (tab.path !== path && !(await this.close(tab.path))) return;
    }
    this.setTabs(closeOtherTabs(this.state.tabs, path));
  }

  /** Saves and reports: status line on success, a notification on failure; edits are never dropped. */
  async save(path = this.state.tabs.active): Promise<SaveOutcome | undefined> {
    const doc = path ? this.documents.get(path) : undefined;
    if (!doc || !path) return undefined;
    const outcome = await doc.save();
    const file = name(path);
    switch (outcome.status) {
      case 'saved':
        this.deps.notifications.setStatus(`Saved ${file}`);
        break;
      case 'conflict':
        this.deps.notifications.error(`${file} changed on disk. Choose "Keep mine" or "Take theirs".`);
        break;
      case 'failed':
        this.deps.notifications.error(`Could not save ${file}: ${outcome.error.message}`);
        break;
      case 'readonly':
        this.deps.notifications.setStatus(`${file} is read-only`);
        break;
    }
    return outcome;
  }

  async saveAll(): Promise<void> {
    const dirty = Object.values(this.state.docs).filter((d) => d.kind === 'text' && (d.dirty || d.disk === 'deleted') && !d.readonly);
    for (const d of dirty) await this.save(d.path);
  }

  async keepMine(path: string): Promise<void> {
    const outcome = await this.documents.get(path)?.keepMine();
    if (outcome?.status === 'failed') this.deps.notifications.error(`Could not save ${name(path)}: ${outcome.error.message}`);
    else if (outcome?.status === 'saved') this.deps.notifications.setStatus(`Saved ${name(path)}`);
  }

  async takeTheirs(path: string): Promise<void> {
    try {
      await this.documents.get(path)?.takeTheirs();
    } catch (e) {
      this.deps.notifications.report(e, `Could not reload ${name(path)}`);
    }
  }

  compare(path: string | undefined): void {
    this.store.setState({ comparing: path });
  }

  setCursor(cursor: CursorPosition | undefined): void {
    const current = this.state.cursor;
    if (current?.line === cursor?.line && current?.column === cursor?.column) return;
    this.store.setState({ cursor });
  }

  handleFileChanges(changes: readonly FileChange[]): void {
    this.documents.handleFileChanges(changes);
  }

  /** After a rename on disk: clean documents at or under `from` reopen under the new path. */
  retarget(from: string, to: string): void {
    for (const tab of this.state.tabs.tabs) {
      if (!isEqualOrInside(tab.path, from)) continue;
      const doc = this.state.docs[tab.path];
      if (doc?.kind === 'text' && doc.dirty) continue; // it shows "deleted on disk"; the user decides
      const target = to + tab.path.slice(from.length);
      this.documents.close(tab.path);
      this.store.setState({ tabs: retargetTab(this.state.tabs, tab.path, target) });
      void this.documents.open(target);
    }
  }

  dispose(): void {
    this.documents.dispose();
  }

  private onDocument(path: string, snapshot: DocumentSnapshot | undefined): void {
    const docs = { ...this.state.docs };
    if (snapshot) docs[path] = snapshot;
    else delete docs[path];
    // The first edit turns a preview into a kept tab.
    const tabs = snapshot?.kind === 'text' && snapshot.dirty ? pinTab(this.state.tabs, path) : this.state.tabs;
    // A resolved conflict has nothing left to compare.
    const stillComparing = this.state.comparing === path && snapshot?.kind === 'text' && snapshot.disk === 'conflict';
    this.store.setState({ docs, tabs, comparing: this.state.comparing === path && !stillComparing ? undefined : this.state.comparing });
  }
}
