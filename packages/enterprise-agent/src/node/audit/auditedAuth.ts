import { AuthError } from '../../common/auth/authError.js';
import type { AgentAuth, SessionInfo, SignInMethod, SignOutResult } from '../auth/agentAuth.js';
import type { AuditRecorder } from './auditRecorder.js';

/** Refusals by policy or by the server are denials; the rest (timeouts, network) are failures. */
const DENIED = new Set(['org-not-allowed', 'sign-in-refused', 'bad-server']);

/**
 * Sign-in and sign-out as audit events, around `AgentAuth` (whose flows stay unaware of
 * auditing): `auth.signin` on success, `auth.refused` when it fails, `auth.signout` written
 * before the session is revoked. Never records a token; the profile gives the actor.
 */
export interface AuditedAuthOptions {
  /**
   * Runs after the sign-in, before it is recorded: opens the outbox with the new session
   * (the organisation's key service needs its token) and enrols the device. Its failure is
   * not the sign-in's: the record then decides (buffered before enrolment, refused after).
   */
  prepare?: (auth: AgentAuth, info: SessionInfo) => Promise<void>;
}

export class AuditedAuth {
  constructor(
    private readonly auth: AgentAuth,
    private readonly recorder: AuditRecorder,
    private readonly options: AuditedAuthOptions = {},
  ) {}

  /** The client underneath, for reads that are not audited (status, whoami). */
  get agentAuth(): AgentAuth {
    return this.auth;
  }

  async signIn(issuer: string, method: SignInMethod, signal?: AbortSignal): Promise<SessionInfo> {
    let info: SessionInfo;
    try {
      info = await this.auth.signIn(issuer, method, signal);
    } catch (e) {
      const code = e instanceof AuthError ? e.code : 'error';
      try {
        this.recorder.record({ action: 'auth.refused', target: issuer, outcome: DENIED.has(code) ? 'denied' : 'failure', actor: null, details: { method: method.kind, code } });
      } catch {
        // Nothing was granted, so there is nothing to undo; the refusal's own error is the one to report.
      }
      throw e;
    }
    await this.options.prepare?.(this.auth, info).catch(() => undefined);
    const p = info.profile;
    try {
      this.recorder.record({ action: 'auth.signin', target: issuer, outcome: 'success', actor: { sub: p.sub, email: p.email ?? null }, details: { method: method.kind, org: p.org, mfa: p.mfa, client: info.clientId } });
    } catch (e) {
      // Fail closed: a sign-in that cannot be on record does not stay signed in.
      await this.auth.signOut().catch(() => undefined);
      throw e;
    }
    return info;
  }

  /**
   * The sign-out is on record before it happens. The one exception to failing closed: a full
   * or broken outbox does not keep a session alive, since refusing to end access is the
   * less safe choice; the error is returned with the result instead.
   */
  async signOut(actor: { sub: string; email: string | null } | null = null): Promise<SignOutResult & { auditError?: string }> {
    // Nobody signed in: nothing happens, so nothing is recorded. The actor defaults to the stored profile.
    const stored = await this.auth.peek().catch(() => undefined);
    if (stored === null) return this.auth.signOut();
    const who = actor ?? (stored ? { sub: stored.profile.sub, email: stored.profile.email ?? null } : null);
    let auditError: string | undefined;
    try {
      this.recorder.record({ action: 'auth.signout', target: 'session', outcome: 'success', actor: who });
    } catch (e) {
      auditError = (e as Error).message;
    }
    const result = await this.auth.signOut();
    return auditError === undefined ? result : { ...result, auditError };
  }
}
