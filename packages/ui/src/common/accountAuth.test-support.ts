import { authContract, createMemoryTransportPair, Emitter, ErrorCode, RpcClient, RpcError, RpcServer, type AuthStatus, type IAuthService, type SignInStarted, type SignOutResult } from '@marie/protocol';

const signedOut: AuthStatus = { signedIn: false, storeKind: 'os-keychain', weakerStore: false, required: false, signingIn: false, server: null, serverPinned: false };

/**
 * The host's sign-in for component tests: the test plays the broker (complete, refuse) and
 * the policy (require). Served over the real RPC, so the UI's inputs meet the real schemas.
 */
export class InMemoryAuthForTests implements IAuthService {
  current: AuthStatus;
  readonly calls: string[] = [];
  /** The next signIn fails with this message (as the host does for a bad server). */
  failNextSignIn: string | undefined;
  private readonly changes = new Emitter<AuthStatus>();
  readonly onDidChange = this.changes.event;

  constructor(initial: Partial<AuthStatus> = {}) {
    this.current = { ...signedOut, ...initial };
  }

  async status(): Promise<AuthStatus> {
    return this.current;
  }

  async signIn(input: { server?: string }): Promise<SignInStarted> {
    this.calls.push(`signIn ${input.server ?? ''}`.trim());
    if (this.failNextSignIn) {
      const message = this.failNextSignIn;
      this.failNextSignIn = undefined;
      throw new RpcError(ErrorCode.AuthFailed, message);
    }
    this.set({ signingIn: true, server: input.server ?? this.current.server });
    return { url: 'https://idp.test/authorize?state=s' };
  }

  async cancelSignIn(): Promise<void> {
    this.calls.push('cancelSignIn');
    this.set({ signingIn: false });
  }

  async signOut(): Promise<SignOutResult> {
    this.calls.push('signOut');
    const wasSignedIn = this.current.signedIn;
    this.set({ signedIn: false, profile: undefined, sessionEndsAt: undefined });
    return { wasSignedIn, revoked: wasSignedIn };
  }

  /** The broker answered: signed in as `email`. */
  complete(email: string, org = 'acme'): void {
    this.set({ signedIn: true, signingIn: false, profile: { subject: 'sub-1', email, org, mfa: true }, sessionEndsAt: null, reason: undefined });
  }

  /** The broker (or the policy) refused: signed out, with the host's reason. */
  refuse(code: NonNullable<AuthStatus['reason']>['code'], message: string): void {
    this.set({ signedIn: false, signingIn: false, profile: undefined, reason: { code, message } });
  }

  set(change: Partial<AuthStatus>): void {
    this.current = JSON.parse(JSON.stringify({ ...this.current, ...change })) as AuthStatus;
    this.changes.fire(this.current);
  }

  connected(): IAuthService {
    const [serverEnd, clientEnd] = createMemoryTransportPair();
    new RpcServer(serverEnd).register(authContract, this);
    return new RpcClient(clientEnd).getProxy(authContract);
  }
}
