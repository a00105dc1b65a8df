import { Emitter, ErrorCode, RpcError, type AuthReason, type AuthStatus, type Disposable, type Event, type IAuthService, type SignInStarted, type SignOutResult } from '@marie/protocol';
import { chooseServer, issuerOf, parseServerUrl, type EffectivePolicies } from '@marie/enterprise-agent';
import { AuditedAuth, type AgentAuth, type AuditRecorder, type SessionInfo } from '@marie/enterprise-agent/node';
import { AgentAuthSource, type OpenedAuth } from './agentAuthSource.js';
import { auditRefusal } from '../audit/auditRefusal.js';
import { authReasonOf } from './authReason.js';
import { statusOf } from './authStatus.js';
import { DeadlineTimer } from './deadlineTimer.js';

export interface HostAuthOptions {
  /** The agent's data folder (the host's user data folder: the CLI's session is the same one). */
  dataDir: string;
  policies: () => EffectivePolicies;
  onDidChangePolicy: Event<unknown>;
  /** Tests move time forward; the deadline timer still runs on the real clock. */
  now?: () => number;
  onInternalError?: (error: unknown, where: string) => void;
  /** Shared with the audit pipeline (one keychain opening); made here when not given. */
  source?: AgentAuthSource;
  /** Sign-in and sign-out go through `AuditedAuth` with this recorder; `prepare` opens the outbox with a new session. */
  audit?: { recorder: AuditRecorder; prepare: (auth: AgentAuth, info: SessionInfo) => Promise<void> };
}

/** Activity is written to the stored session at most this often (a keychain write each time). */
const ACTIVITY_FLUSH_MS = 30_000;

/**
 * The workbench's sign-in, over the agent's client: starts the browser sign-in in the host
 * (the loopback listener must run here, next to the tokens), reports the session as profile
 * data only, and watches it live: policy max age and idle timeout end it when they pass, with
 * a reason, and a policy change is applied at once.
 */
export class HostAuthService implements IAuthService, Disposable {
  private readonly changes = new Emitter<AuthStatus>();
  readonly onDidChange: Event<AuthStatus> = this.changes.event;
  private readonly source: AgentAuthSource;
  private readonly now: () => number;
  private readonly deadline: DeadlineTimer;
  private readonly policyWatch: Disposable;
  private pending: AbortController | undefined;
  private reason: AuthReason | undefined;
  private lastServer: string | undefined;
  private lastActivity: number | undefined;
  private lastCheckAt = 0;
  private lastFired: string | undefined;
  private lastStatus: AuthStatus | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: HostAuthOptions) {
    this.now = options.now ?? Date.now;
    this.source = options.source ?? new AgentAuthSource(options.dataDir, options.policies, this.now);
    this.deadline = new DeadlineTimer(() => this.recheck('deadline'), this.now);
    // Tightened policy ends a session at once; RequireSignIn switched on locks the workbench.
    this.policyWatch = options.onDidChangePolicy(() => this.recheck('policy'));
  }

  status(): Promise<AuthStatus> {
    return this.evaluate();
  }

  /**
   * Fails closed: with RequireSignIn on, nothing but sign-in is served until someone is
   * signed in. A session known to be live is trusted until its policy deadline; otherwise
   * the keychain is read again.
   */
  async assertSignedIn(): Promise<void> {
    if (!this.options.policies().get('RequireSignIn')) return;
    const known = this.lastStatus;
    const live = known?.signedIn === true && (known.sessionEndsAt == null || known.sessionEndsAt > this.now());
    const status = live ? known : await this.evaluate();
    if (!status.signedIn) throw new RpcError(ErrorCode.SignInRequired, 'Your organization requires you to sign in first (policy RequireSignIn).');
  }

  /** Who is signed in, as the audit records name the actor (the last status read; no keychain access). */
  get actor(): { sub: string; email: string | null } | null {
    const p = this.lastStatus?.signedIn ? this.lastStatus.profile : undefined;
    return p ? { sub: p.subject, email: p.email ?? null } : null;
  }

  /** A request from the workbench: resets the idle timer (written to the session now and then). */
  noteActivity(): void {
    this.lastActivity = this.now();
    if (this.source.isOpen && this.lastActivity - this.lastCheckAt >= ACTIVITY_FLUSH_MS) this.recheck('activity');
  }

  async signIn(input: { server?: string }, signal?: AbortSignal): Promise<SignInStarted> {
    this.pending?.abort();
    const { auth } = await this.open();
    const issuer = await this.chooseIssuer(input.server, auth);
    const abort = new AbortController();
    this.pending = abort;
    this.lastServer = issuer;
    // Cancelling the request cancels the sign-in only until the URL is handed over.
    const onAbort = () => abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const url = new Promise<string>((resolve, reject) => {
      this.audited(auth)
        .signIn(issuer, { kind: 'browser', openUrl: resolve }, abort.signal)
        .then(
          () => (this.reason = undefined),
          (e: unknown) => {
            reject(e);
            // A cancelled sign-in needs no explanation; a refused or timed-out one does.
            if (!abort.signal.aborted) this.reason = authReasonOf(e) ?? this.internal(e);
          },
        )
        .finally(() => {
          if (this.pending === abort) this.pending = undefined;
          this.recheck('sign-in');
        });
    });
    try {
      const started = await url;
      this.recheck('sign-in started');
      return { url: started };
    } catch (e) {
      throw failed(e);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async cancelSignIn(): Promise<void> {
    this.pending?.abort();
  }

  async signOut(): Promise<SignOutResult> {
    this.pending?.abort();
    const { auth } = await this.open();
    const r = await this.audited(auth)
      .signOut()
      .catch((e: unknown) => Promise.reject(failed(e)));
    if (r.auditError) this.options.onInternalError?.(new Error(r.auditError), 'audit sign-out');
    this.reason = undefined;
    this.recheck('sign-out');
    return { wasSignedIn: r.wasSignedIn, revoked: r.revoked, ...(r.revokeError ? { revokeError: r.revokeError } : {}) };
  }

  dispose(): void {
    this.pending?.abort();
    this.deadline.dispose();
    this.policyWatch.dispose();
    this.changes.dispose();
  }

  /** Without an audit pipeline (never in the product) the flows run unaudited. */
  private audited(auth: AgentAuth): Pick<AuditedAuth, 'signIn' | 'signOut'> {
    const audit = this.options.audit;
    if (!audit) return { signIn: (...a) => auth.signIn(...a), signOut: () => auth.signOut() };
    return new AuditedAuth(auth, audit.recorder, { prepare: audit.prepare });
  }

  private recheck(where: string): void {
    this.evaluate().catch((e: unknown) => this.options.onInternalError?.(e, `auth ${where}`));
  }

  /**
   * Reads the session, applies the policies (recording the activity seen since the last look),
   * re-arms the deadline, and fires onDidChange when anything the workbench shows changed.
   * Serialised: two evaluations never race on the keychain.
   */
  private evaluate(): Promise<AuthStatus> {
    const run = this.queue.then(async () => {
      const status = await this.read();
      this.lastStatus = status;
      this.deadline.arm(status.signedIn ? (status.sessionEndsAt ?? null) : null);
      const text = JSON.stringify(status);
      if (text !== this.lastFired) {
        this.lastFired = text;
        this.changes.fire(status);
      }
      return status;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<AuthStatus> {
    const p = this.options.policies();
    const consoleUrl = p.get('ConsoleURL');
    const pinned = consoleUrl === null ? undefined : safeIssuer(consoleUrl);
    let opened: OpenedAuth;
    try {
      opened = await this.source.get();
    } catch (e) {
      return statusOf(null, null, { ...this.parts(p, pinned), reason: authReasonOf(e) ?? this.internal(e) });
    }
    let info: SessionInfo | null = null;
    this.lastCheckAt = this.now();
    try {
      info = await opened.auth.check(this.lastActivity);
    } catch (e) {
      // The policy ended the session (already revoked and removed): say why, and put it on record.
      const reason = authReasonOf(e);
      if (!reason) throw e;
      this.reason = reason;
      this.recordEnded(reason.code);
    }
    if (info) {
      this.lastServer = info.server;
      this.reason = undefined;
    }
    return statusOf(info, opened.store, this.parts(p, pinned));
  }

  private recordEnded(code: string): void {
    try {
      this.options.audit?.recorder.record({ action: 'auth.session-ended', target: 'session', outcome: 'success', actor: this.actor, details: { code } });
    } catch (e) {
      // The session is already over: nothing to refuse, but the gap is worth a log line.
      this.options.onInternalError?.(e, 'audit session end');
    }
  }

  private parts(p: EffectivePolicies, pinned: string | undefined) {
    return { required: p.get('RequireSignIn'), signingIn: this.pending !== undefined, server: pinned ?? this.lastServer ?? null, serverPinned: pinned !== undefined, reason: this.reason };
  }

  private async open(): Promise<OpenedAuth> {
    try {
      return await this.source.get();
    } catch (e) {
      throw failed(e);
    }
  }

  private async chooseIssuer(server: string | undefined, auth: OpenedAuth['auth']): Promise<string> {
    const previous = this.lastServer ?? (await auth.peek().catch(() => null))?.server;
    try {
      return chooseServer({ flag: server, consoleUrl: this.options.policies().get('ConsoleURL'), previous });
    } catch (e) {
      throw failed(e);
    }
  }

  private internal(e: unknown): AuthReason {
    this.options.onInternalError?.(e, 'auth');
    return { code: 'server-failed', message: 'The sign-in failed unexpectedly.' };
  }
}

/** An auth or store error as the wire carries it; anything else stays internal (no detail leaks). */
function failed(e: unknown): unknown {
  const reason = authReasonOf(e);
  return reason ? new RpcError(ErrorCode.AuthFailed, reason.message) : auditRefusal(e);
}

function safeIssuer(url: string): string | undefined {
  try {
    return issuerOf(parseServerUrl(url));
  } catch {
    return undefined;
  }
}
