import { createStore, type StoreApi } from 'zustand/vanilla';
import { ErrorCode, FileLimits, isRpcError, type FileChange, type IWorkspaceService, type WorkspaceRoot } from '@marie/protocol';
import { basename, dirname, extensionOf, invalidNameReason, isEqualOrInside, joinPath } from '@marie/editor-core';
import type { Dialogs } from './dialogs.js';
import { emptyTree, flattenTree, isFolder, listedFolders, setChildren, setRoots, updateNode, type TreeData, type TreeRow } from './explorerTree.js';
import type { Notifications } from './notifications.js';

export interface ExplorerState {
  readonly tree: TreeData;
  /** Derived from `tree` on every change, so views never flatten. */
  readonly rows: readonly TreeRow[];
  readonly selected: string | undefined;
}

export interface ExplorerDeps {
  workspace: Pick<IWorkspaceService, 'list' | 'create' | 'rename' | 'delete'>;
  notifications: Notifications;
  dialogs: Dialogs;
  openFile(path: string, options: { preview: boolean }): void;
  /** After a rename on disk, open editors follow it. */
  onDidRename(from: string, to: string): void;
  pageSize?: number;
  /** Watcher bursts within this window refresh each folder once. */
  coalesceMs?: number;
}

/** The explorer's state and everything it does against the host: lazy, paged listing. */
export class Explorer {
  readonly store: StoreApi<ExplorerState> = createStore<ExplorerState>(() => ({ tree: emptyTree, rows: [], selected: undefined }));
  /** Answers to stale list calls (a refresh overtook them) are dropped. */
  private readonly generation = new Map<string, number>();
  private pendingRefresh = new Set<string>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ExplorerDeps) {}

  private get tree(): TreeData {
    return this.store.getState().tree;
  }

  private setTree(tree: TreeData): void {
    this.store.setState({ tree, rows: flattenTree(tree) });
  }

  setRoots(roots: readonly WorkspaceRoot[]): void {
    this.setTree(setRoots(this.tree, roots));
    const selected = this.store.getState().selected;
    if (!selected || !this.tree.nodes.has(selected)) this.store.setState({ selected: roots[0]?.path });
    // Roots start expanded: list the ones not listed yet.
    for (const root of roots) if (!this.tree.nodes.get(root.path)?.children) void this.load(root.path, false);
  }

  /** Opens a file in the editor (preview on single click / Space, pinned on double click / Enter). */
  open(path: string, options: { preview: boolean }): void {
    this.deps.openFile(path, options);
  }

  select(path: string): void {
    this.store.setState({ selected: path });
  }

  async expand(path: string): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (!node || !isFolder(node)) return;
    this.setTree(updateNode(this.tree, path, { expanded: true }));
    if (!node.children) await this.load(path, false);
  }

  collapse(path: string): void {
    this.setTree(updateNode(this.tree, path, { expanded: false }));
  }

  toggle(path: string): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (node?.expanded) {
      this.collapse(path);
      return Promise.resolve();
    }
    return this.expand(path);
  }

  /** The next page of a paged folder; called when its pending rows scroll into view. */
  async loadMore(path: string): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (!node || node.loading || node.nextCursor === undefined) return;
    await this.load(path, true);
  }

  /** Re-lists every listed folder (toolbar "Refresh"). */
  async refresh(): Promise<void> {
    await Promise.all(listedFolders(this.tree).map((p) => this.reload(p)));
  }

  /** Watcher events: refresh each affected listed folder once per burst. */
  handleFileChanges(changes: readonly FileChange[]): void {
    for (const change of changes) {
      this.pendingRefresh.add(dirname(change.path));
      // A folder's own "changed" means its listing changed.
      if (this.tree.nodes.get(change.path)?.children) this.pendingRefresh.add(change.path);
    }
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const folders = [...this.pendingRefresh].filter((p) => this.tree.nodes.get(p)?.children);
      this.pendingRefresh = new Set();
      for (const folder of folders) void this.reload(folder);
    }, this.deps.coalesceMs ?? 50);
  }

  /** The folder new entries go into: the selected folder, the selected file's folder, or the first root. */
  targetFolder(): string | undefined {
    const selected = this.store.getState().selected;
    const node = selected ? this.tree.nodes.get(selected) : undefined;
    if (node) return isFolder(node) ? node.path : node.parent;
    return this.tree.roots[0];
  }

  async createEntry(kind: 'file' | 'directory'): Promise<void> {
    const folder = this.targetFolder();
    if (!folder) return;
    const what = kind === 'file' ? 'File' : 'Folder';
    const name = await this.deps.dialogs.prompt({ title: `New ${what}`, label: `${what} name`, initial: '', confirmLabel: 'Create', validate: invalidNameReason });
    if (name === undefined) return;
    const path = joinPath(folder, name.trim());
    try {
      await this.deps.workspace.create({ path, kind });
    } catch (e) {
      return this.deps.notifications.report(e, `Could not create ${name}`);
    }
    await this.expand(folder);
    await this.reload(folder);
    this.select(path);
    if (kind === 'file') this.deps.openFile(path, { preview: false });
  }

  async rename(path: string): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (!node || node.depth === 1) return;
    const ext = extensionOf(node.name);
    const stem = ext && !isFolder(node) ? node.name.length - ext.length - 1 : node.name.length;
    const name = await this.deps.dialogs.prompt({ title: 'Rename', label: 'New name', initial: node.name, selection: [0, stem], confirmLabel: 'Rename', validate: invalidNameReason });
    if (name === undefined || name.trim() === node.name) return;
    const to = joinPath(dirname(path), name.trim());
    try {
      await this.deps.workspace.rename({ from: path, to });
    } catch (e) {
      return this.deps.notifications.report(e, `Could not rename ${node.name}`);
    }
    await this.reload(dirname(path));
    this.select(to);
    this.deps.onDidRename(path, to);
  }

  /** Moves to the trash; where there is none, asks before deleting permanently. */
  async delete(path: string): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (!node || node.depth === 1) return;
    try {
      await this.deps.workspace.delete({ path });
    } catch (e) {
      if (!isRpcError(e, ErrorCode.TrashUnavailable)) return this.deps.notifications.report(e, `Could not delete ${node.name}`);
      const answer = await this.deps.dialogs.choose({
        title: 'Delete permanently?',
        message: `"${node.name}" cannot be moved to the trash. Delete it permanently? This cannot be undone.`,
        choices: [
          { id: 'delete', label: 'Delete Permanently' },
          { id: 'cancel', label: 'Cancel', primary: true },
        ],
        cancelId: 'cancel',
      });
      if (answer !== 'delete') return;
      try {
        await this.deps.workspace.delete({ path, permanent: true });
      } catch (e2) {
        return this.deps.notifications.report(e2, `Could not delete ${node.name}`);
      }
    }
    this.selectNeighbour(path);
    await this.reload(dirname(path));
  }

  private selectNeighbour(path: string): void {
    const rows = this.store.getState().rows;
    const index = rows.findIndex((r) => r.kind === 'node' && r.node.path === path);
    const after = rows.slice(index + 1).find((r) => r.kind === 'node' && !isEqualOrInside(r.node.path, path));
    const before = rows.slice(0, Math.max(0, index)).reverse().find((r) => r.kind === 'node');
    const next = after ?? before;
    if (next?.kind === 'node') this.select(next.node.path);
  }

  /** Lists one page: the first (replacing) or the next (appending). */
  private async load(path: string, append: boolean): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (!node) return;
    const gen = this.bump(path);
    this.setTree(updateNode(this.tree, path, { loading: true }));
    try {
      const page = await this.deps.workspace.list({ path, limit: this.pageSize, ...(append && node.nextCursor !== undefined ? { cursor: node.nextCursor } : {}) });
      if (this.generation.get(path) !== gen) return;
      this.setTree(setChildren(this.tree, path, page, append));
    } catch (e) {
      if (this.generation.get(path) !== gen) return;
      this.setTree(updateNode(this.tree, path, { loading: false, ...(append ? {} : { expanded: false }) }));
      this.deps.notifications.report(e, `Could not list ${basename(path)}`);
    }
  }

  /** Re-lists a folder, fetching as many entries as were loaded before, keeping child state. */
  private async reload(path: string): Promise<void> {
    const node = this.tree.nodes.get(path);
    if (!node?.children) return;
    const want = Math.max(node.children.length, 1);
    const gen = this.bump(path);
    try {
      const entries = [];
      let cursor: number | undefined;
      let total = 0;
      do {
        const page = await this.deps.workspace.list({ path, limit: this.pageSize, ...(cursor !== undefined ? { cursor } : {}) });
        if (this.generation.get(path) !== gen) return;
        entries.push(...page.entries);
        total = page.total;
        cursor = page.nextCursor;
      } while (cursor !== undefined && entries.length < want);
      this.setTree(setChildren(this.tree, path, { entries, total, ...(cursor !== undefined ? { nextCursor: cursor } : {}) }, false));
    } catch (e) {
      if (this.generation.get(path) !== gen) return;
      if (isRpcError(e, ErrorCode.NotFound)) return; // its parent's refresh removes it
      this.deps.notifications.report(e, `Could not refresh ${basename(path)}`);
    }
  }

  private get pageSize(): number {
    return this.deps.pageSize ?? FileLimits.defaultPageSize;
  }

  private bump(path: string): number {
    const gen = (this.generation.get(path) ?? 0) + 1;
    this.generation.set(path, gen);
    return gen;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }
}
