import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuthStatus, Disposable, IAuthService } from '@marie/protocol';
import { toWireError } from '@marie/editor-core';
import { LiveSnapshot } from './liveSnapshot.js';

export interface AccountState {
  /** The host's answer; null until the first one arrives (the workbench is not held up for it). */
  readonly status: AuthStatus | null;
  /** A request of ours is running: the buttons wait for it. */
  readonly busy: 'signing-in' | 'signing-out' | null;
  /** Why the last request failed before the sign-in could start (bad server, no keychain). */
  readonly error: string | null;
  /** The authorization URL of the sign-in under way, for the "open it yourself" link. */
  readonly signInUrl: string | null;
  /** Which surface shows the sign-in form when sign-in is optional. */
  readonly dialogOpen: boolean;
}

/** Locked: policy requires sign-in and nobody is signed in. Unknown status does not lock. */
export const isLocked = (s: AccountState): boolean => s.status !== null && s.status.required && !s.status.signedIn;

/**
 * The account as the workbench shows it: status from the host (event first, then a read,
 * never going back in time), and the sign-in, sign-out and cancel actions. Tokens never
 * reach this side; the host hands over profile data only.
 */
export class Account implements Disposable {
  readonly store: StoreApi<AccountState> = createStore<AccountState>(() => ({ status: null, busy: null, error: null, signInUrl: null, dialogOpen: false }));
  private readonly live: LiveSnapshot<AuthStatus>;

  constructor(private readonly auth: IAuthService) {
    this.live = new LiveSnapshot<AuthStatus>(
      { read: () => auth.status({}), onDidChange: auth.onDidChange },
      {
        ready: (status) =>
          this.store.setState((s) => ({
            status,
            // The sign-in ended (done, refused or timed out): its URL is spent.
            signInUrl: status.signingIn ? s.signInUrl : null,
            dialogOpen: s.dialogOpen && !status.signedIn,
          })),
        failed: (message) => this.store.setState({ error: message }),
      },
    );
  }

  /** Subscribes and reads; again after a host restart (subscriptions belong to one connection). */
  start(): void {
    this.live.start();
  }

  get locked(): boolean {
    return isLocked(this.store.getState());
  }

  openDialog(): void {
    this.store.setState({ dialogOpen: true, error: null });
  }

  closeDialog(): void {
    if (this.store.getState().signInUrl) void this.cancelSignIn();
    this.store.setState({ dialogOpen: false });
  }

  /** Starts the browser sign-in in the host; resolves with the URL to open, or null when it could not start. */
  async signIn(server?: string): Promise<string | null> {
    this.store.setState({ busy: 'signing-in', error: null, signInUrl: null });
    try {
      const { url } = await this.auth.signIn(server ? { server } : {});
      this.store.setState({ signInUrl: url });
      return url;
    } catch (e) {
      this.store.setState({ error: toWireError(e).message });
      return null;
    } finally {
      this.store.setState({ busy: null });
    }
  }

  async cancelSignIn(): Promise<void> {
    this.store.setState({ signInUrl: null });
    await this.auth.cancelSignIn({}).catch(() => undefined);
  }

  async signOut(): Promise<void> {
    this.store.setState({ busy: 'signing-out', error: null });
    try {
      const r = await this.auth.signOut({});
      if (r.wasSignedIn && !r.revoked) this.store.setState({ error: `Signed out on this machine, but the server could not be told (${r.revokeError ?? 'no answer'}).` });
    } catch (e) {
      this.store.setState({ error: toWireError(e).message });
    } finally {
      this.store.setState({ busy: null });
    }
  }

  dispose(): void {
    this.live.dispose();
  }
}
