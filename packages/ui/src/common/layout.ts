import { createStore, type StoreApi } from 'zustand/vanilla';

export interface LayoutState {
  readonly sidebarVisible: boolean;
  /**
   * Focus requests wait until the view that should take focus exists (an editor may still
   * be loading), and are consumed once honoured so a later mount never steals focus.
   */
  readonly explorerFocusPending: boolean;
  readonly editorFocusPending: boolean;
}

export class Layout {
  readonly store: StoreApi<LayoutState> = createStore<LayoutState>(() => ({ sidebarVisible: true, explorerFocusPending: false, editorFocusPending: false }));

  toggleSidebar(): void {
    this.store.setState((s) => ({ sidebarVisible: !s.sidebarVisible }));
  }

  focusExplorer(): void {
    this.store.setState({ sidebarVisible: true, explorerFocusPending: true, editorFocusPending: false });
  }

  focusEditor(): void {
    this.store.setState({ editorFocusPending: true, explorerFocusPending: false });
  }

  /** Called by the view that took focus. */
  focusTaken(which: 'explorer' | 'editor'): void {
    this.store.setState(which === 'explorer' ? { explorerFocusPending: false } : { editorFocusPending: false });
  }
}
