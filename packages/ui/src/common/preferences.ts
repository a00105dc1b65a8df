import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IPolicyService, ISettingsService } from '@marie/protocol';

/** The two preference pages; each is its own lazily loaded chunk. */
export type PreferencesPage = 'policies' | 'settings';

export interface PreferencesState {
  /** The page shown over the workbench, or null. */
  readonly page: PreferencesPage | null;
  /**
   * Counts host connections: event subscriptions belong to one connection, so an open page
   * subscribes again (and re-reads) when a restarted host takes over.
   */
  readonly generation: number;
}

export interface PreferencesServices {
  policy?: IPolicyService;
  settings?: ISettingsService;
}

/**
 * Which preference page is open. Deliberately tiny: it is part of the first-paint chunk,
 * while the pages and their models load only when opened.
 */
export class Preferences {
  readonly store: StoreApi<PreferencesState> = createStore<PreferencesState>(() => ({ page: null, generation: 0 }));

  constructor(readonly services: PreferencesServices = {}) {}

  /** False when this workbench was built without the service the page needs (some tests). */
  canOpen(page: PreferencesPage): boolean {
    return page === 'policies' ? this.services.policy !== undefined : this.services.settings !== undefined;
  }

  open(page: PreferencesPage): boolean {
    if (!this.canOpen(page)) return false;
    this.store.setState({ page });
    return true;
  }

  close(): void {
    this.store.setState({ page: null });
  }

  hostRestarted(): void {
    this.store.setState((s) => ({ generation: s.generation + 1 }));
  }
}
