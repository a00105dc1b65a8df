import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Disposable, IPolicyService, PolicyExplanation, PolicyStatus } from '@marie/protocol';
import { toWireError } from '@marie/editor-core';
import { LiveSnapshot } from './liveSnapshot.js';

export interface PolicyPageState {
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly policies: readonly PolicyExplanation[];
  readonly status: PolicyStatus | undefined;
  /** Key → the registry's description, shown when a row is expanded. */
  readonly descriptions: Readonly<Record<string, string>>;
  readonly loadError: string | undefined;
  readonly reloading: boolean;
  /** Why the last Reload failed; the previous values stay on screen. */
  readonly reloadError: string | undefined;
  readonly filter: string;
  readonly showUnset: boolean;
  readonly expanded: readonly string[];
}

/**
 * The Policies page's state: every key with provenance, kept current by the service's
 * change event (while the page is open), and re-read from the sources on Reload.
 */
export class PolicyPageModel implements Disposable {
  readonly store: StoreApi<PolicyPageState> = createStore<PolicyPageState>(() => ({
    phase: 'loading',
    policies: [],
    status: undefined,
    descriptions: {},
    loadError: undefined,
    reloading: false,
    reloadError: undefined,
    filter: '',
    showUnset: false,
    expanded: [],
  }));
  private readonly live: LiveSnapshot<PolicyExplanation[]>;

  constructor(private readonly policy: IPolicyService) {
    this.live = new LiveSnapshot(
      { read: () => policy.list({}), onDidChange: policy.onDidChange },
      {
        ready: (policies) => {
          this.store.setState({ phase: 'ready', policies, loadError: undefined });
          // Source states and errors outside any key change with the values.
          void this.refreshStatus();
        },
        // Once shown, values stay on screen; a failed re-read is not worth hiding them for.
        failed: (loadError) => this.store.getState().phase !== 'ready' && this.store.setState({ phase: 'failed', loadError }),
      },
    );
  }

  start(): void {
    this.live.start();
    void this.loadDescriptions();
  }

  /** The Reload button: the host re-reads every source now, then the page shows the result. */
  async reload(): Promise<void> {
    if (this.store.getState().reloading) return;
    this.store.setState({ reloading: true, reloadError: undefined });
    try {
      this.store.setState({ status: await this.policy.reload({}) });
      await this.live.read();
    } catch (e) {
      this.store.setState({ reloadError: toWireError(e).message });
    } finally {
      this.store.setState({ reloading: false });
    }
  }

  setFilter(filter: string): void {
    this.store.setState({ filter });
  }

  setShowUnset(showUnset: boolean): void {
    this.store.setState({ showUnset });
  }

  toggleExpanded(key: string): void {
    this.store.setState((s) => ({ expanded: s.expanded.includes(key) ? s.expanded.filter((k) => k !== key) : [...s.expanded, key] }));
  }

  dispose(): void {
    this.live.dispose();
  }

  private async loadDescriptions(): Promise<void> {
    try {
      const metadata = await this.policy.metadata({});
      this.store.setState({ descriptions: Object.fromEntries(metadata.map((m) => [m.key, m.description])) });
    } catch {
      // Descriptions are a nicety of the expanded rows; the values matter.
    }
  }

  private async refreshStatus(): Promise<void> {
    try {
      this.store.setState({ status: await this.policy.status({}) });
    } catch {
      // The values are current; a stale header is better than an error over them.
    }
  }
}
