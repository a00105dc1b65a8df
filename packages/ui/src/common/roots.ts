import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IWorkspaceService, WorkspaceRoot } from '@marie/protocol';
import { toWireError } from '@marie/editor-core';

export interface RootsState {
  readonly status: 'loading' | 'ready' | 'failed';
  readonly roots: readonly WorkspaceRoot[];
  readonly loadError: string | undefined;
  readonly opening: boolean;
  /** Why the last "Open folder" failed, shown inline on the welcome page. */
  readonly openError: string | undefined;
}

/** The opened folders: loaded once, then kept current by `onDidChangeRoots`. */
export class Roots {
  readonly store: StoreApi<RootsState> = createStore<RootsState>(() => ({ status: 'loading', roots: [], loadError: undefined, opening: false, openError: undefined }));

  constructor(private readonly workspace: Pick<IWorkspaceService, 'getRoots' | 'openFolder'>) {}

  async load(): Promise<void> {
    try {
      this.set(await this.workspace.getRoots({}));
    } catch (e) {
      this.store.setState({ status: 'failed', loadError: toWireError(e).message });
    }
  }

  set(roots: readonly WorkspaceRoot[]): void {
    this.store.setState({ status: 'ready', roots, loadError: undefined });
  }

  async openFolder(path: string): Promise<boolean> {
    const trimmed = path.trim();
    if (!trimmed) {
      this.store.setState({ openError: 'Enter the path of a folder.' });
      return false;
    }
    this.store.setState({ opening: true, openError: undefined });
    try {
      this.set(await this.workspace.openFolder({ path: trimmed }));
      return true;
    } catch (e) {
      this.store.setState({ openError: toWireError(e).message });
      return false;
    } finally {
      this.store.setState({ opening: false });
    }
  }
}
