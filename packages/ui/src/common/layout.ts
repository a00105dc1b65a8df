import { createStore, type StoreApi } from 'zustand/vanilla';

/** What the side bar shows; the activity bar switches between them. */
export type SidebarView = 'explorer' | 'search' | 'outline';

export interface LayoutState {
  readonly sidebarVisible: boolean;
  readonly sidebarView: SidebarView;
  /** The panel under the editor, if one is open. */
  readonly panel: 'references' | undefined;
  /** The side bar view that should take focus once it has mounted (views load lazily). */
  readonly viewFocusPending: SidebarView | undefined;
  /**
   * Focus requests wait until the view that should take focus exists (an editor may still
   * be loading), and are consumed once honoured so a later mount never steals focus.
   */
  readonly explorerFocusPending: boolean;
  readonly editorFocusPending: boolean;
}

export class Layout {
  readonly store: StoreApi<LayoutState> = createStore<LayoutState>(() => ({
    sidebarVisible: true,
    sidebarView: 'explorer',
    panel: undefined,
    viewFocusPending: undefined,
    explorerFocusPending: false,
    editorFocusPending: false,
  }));

  toggleSidebar(): void {
    this.store.setState((s) => ({ sidebarVisible: !s.sidebarVisible }));
  }

  focusExplorer(): void {
    this.store.setState({ sidebarVisible: true, sidebarView: 'explorer', explorerFocusPending: true, editorFocusPending: false });
  }

  /** Shows a side bar view; `focus` moves the keyboard into it (commands do, clicks need not). */
  showView(view: SidebarView, focus = true): void {
    if (view === 'explorer' && focus) return this.focusExplorer();
    this.store.setState({ sidebarVisible: true, sidebarView: view, viewFocusPending: focus ? view : undefined, editorFocusPending: false });
  }

  showPanel(panel: 'references'): void {
    this.store.setState({ panel });
  }

  closePanel(): void {
    this.store.setState({ panel: undefined });
  }

  focusEditor(): void {
    this.store.setState({ editorFocusPending: true, explorerFocusPending: false });
  }

  /** Called by the view that took focus. */
  focusTaken(which: 'explorer' | 'editor' | SidebarView): void {
    if (which === 'editor') this.store.setState({ editorFocusPending: false });
    else if (which === 'explorer') this.store.setState({ explorerFocusPending: false });
    else if (this.store.getState().viewFocusPending === which) this.store.setState({ viewFocusPending: undefined });
  }
}
