import { join } from 'node:path';
import * as oidc from 'openid-client';
import { AuthError } from '../../common/auth/authError.js';
import { checkOrganisation, checkSessionAge, sessionDeadlines, type SessionPolicy } from '../../common/auth/sessionRules.js';
import type { SessionProfile, StoredSession } from '../../common/auth/storedSession.js';
import type { SecretStore, SecretStoreKind } from '../../common/secrets/secretStore.js';
import { withFileLock } from '../fs/fileLock.js';
import { browserSignIn, type BrowserSignInOptions, type TokenSet } from './browserSignIn.js';
import { deviceSignIn, type DeviceSignInOptions } from './deviceSignIn.js';
import { describeOidcError, discoverBroker, oauthErrorCode, type ClientId } from './discovery.js';
import { fetchProfile } from './profile.js';
import { SessionStore, sessionAccount } from './sessionStore.js';

export interface AgentAuthOptions {
  /** From openSecretStore: the OS keychain, or the weaker store when policy allows it. */
  secrets: SecretStore;
  /** The agent's data folder: names the keychain entry and holds the refresh lock. */
  dataDir: string;
  /** Read at each use, so a policy change applies to a session already running. */
  policy: () => SessionPolicy;
  now?: () => number;
}

export type SignInMethod = ({ kind: 'browser' } & Omit<BrowserSignInOptions, 'org' | 'signal'>) | ({ kind: 'device' } & Omit<DeviceSignInOptions, 'org' | 'signal'>);

/** What `whoami` shows: who, where, until when, and where the tokens are kept. Never a token. */
export interface SessionInfo {
  server: string;
  clientId: ClientId;
  profile: SessionProfile;
  signedInAt: number;
  lastUsedAt: number;
  accessTokenExpiresAt: number;
  /** When policy ends the session (max age / idle), or null when it sets no limit. */
  maxAgeAt: number | null;
  idleAt: number | null;
  secretStore: { kind: SecretStoreKind; weaker: boolean; description: string };
}

export interface SignOutResult {
  wasSignedIn: boolean;
  /** False when the server could not be told (the local secrets are deleted anyway). */
  revoked: boolean;
  revokeError?: string;
}

/** Refresh this long before the access token expires, so a request never carries a dying one. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The agent's sign-in client against our broker: signs in (browser or device), keeps the
 * session in the secret store, enforces the session policies at every use, refreshes with
 * rotation, and signs out by revoking at the broker.
 */
export class AgentAuth {
  private readonly store: SessionStore;
  private readonly lockPath: string;
  private readonly now: () => number;

  constructor(private readonly options: AgentAuthOptions) {
    this.store = new SessionStore(options.secrets, sessionAccount(options.dataDir));
    this.lockPath = join(options.dataDir, 'auth-session');
    this.now = options.now ?? Date.now;
  }

  /** The keychain account holding this data folder's session (for diagnostics and tests). */
  get account(): string {
    return this.store.account;
  }

  async signIn(issuer: string, method: SignInMethod, signal?: AbortSignal): Promise<SessionInfo> {
    const policy = this.options.policy();
    const org = policy.AllowedOrganizationId ?? undefined;
    const clientId: ClientId = method.kind === 'browser' ? 'marie-desktop' : 'marie-cli';
    const config = await discoverBroker(issuer, clientId);
    const tokens = method.kind === 'browser' ? await browserSignIn(config, { ...method, org, signal }) : await deviceSignIn(config, { ...method, org, signal });
    if (!tokens.refresh_token) throw new AuthError('server-failed', 'the server issued no refresh token');
    const profile = await this.acceptedProfile(config, issuer, tokens);
    const at = this.now();
    const session: StoredSession = {
      version: 1,
      issuer,
      clientId,
      refreshToken: tokens.refresh_token,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: at + (tokens.expires_in ?? 0) * 1000,
      profile,
      signedInAt: at,
      lastUsedAt: at,
    };
    await this.locked(async () => {
      // A new sign-in replaces the old one; the old one is ended at its server, not left alive.
      const previous = await this.store.load();
      await this.store.save(session);
      if (previous) await revokeQuietly(previous);
    });
    return this.describe(session);
  }

  /**
   * A valid access token for our API: applies the session policies (age, idle, organisation),
   * refreshes when it is about to expire, and records the use. Ends the session (revoked at
   * the broker, deleted here) when a policy or the server says it is over. Background callers
   * (the audit key service) pass `recordUse: false`: their calls must not keep an idle session alive.
   */
  async accessToken(options: { recordUse?: boolean } = {}): Promise<{ accessToken: string; info: SessionInfo }> {
    return this.locked(async () => {
      let session = await this.store.load();
      if (!session) throw new AuthError('not-signed-in', 'not signed in; run "marie login"');
      await this.enforce(session);
      if (session.accessTokenExpiresAt - REFRESH_MARGIN_MS <= this.now()) session = await this.refresh(session);
      if (options.recordUse !== false) {
        session = { ...session, lastUsedAt: this.now() };
        await this.store.save(session);
      }
      return { accessToken: session.accessToken, info: this.describe(session) };
    });
  }

  /** The session as the server sees it right now; a session the server ended is removed here. */
  async whoami(): Promise<SessionInfo> {
    const { accessToken, info } = await this.accessToken();
    let profile: SessionProfile;
    try {
      profile = await fetchProfile(info.server, accessToken);
    } catch (e) {
      if (e instanceof AuthError && e.code === 'session-expired') await this.locked(async () => void (await this.store.delete()));
      throw e;
    }
    return { ...info, profile };
  }

  /**
   * For a host that watches a session live (the workbench): records activity it saw at
   * `activeAt`, then applies the session policies without the server (no refresh). Ends the
   * session (revoked, deleted) and throws when a policy says it is over; null when none.
   */
  async check(activeAt?: number): Promise<SessionInfo | null> {
    return this.locked(async () => {
      const session = await this.store.load();
      if (!session) return null;
      // Activity only moves lastUsedAt forward, and never past now (a clock read earlier).
      const seen = activeAt === undefined ? session.lastUsedAt : Math.min(Math.max(activeAt, session.lastUsedAt), this.now());
      const next = seen === session.lastUsedAt ? session : { ...session, lastUsedAt: seen };
      await this.enforce(next);
      if (next !== session) await this.store.save(next);
      return this.describe(next);
    });
  }

  /** The stored session without using it (no refresh, no server): for status lines. */
  async peek(): Promise<SessionInfo | null> {
    const session = await this.store.load();
    return session && this.describe(session);
  }

  /** Revokes the refresh token (and so the grant) at the broker, then deletes the local secrets. */
  async signOut(): Promise<SignOutResult> {
    return this.locked(async () => {
      const session = await this.store.load();
      if (!session) {
        // A damaged entry is still removed.
        await this.store.delete();
        return { wasSignedIn: false, revoked: false };
      }
      const revokeError = await revoke(session);
      await this.store.delete();
      return { wasSignedIn: true, revoked: revokeError === undefined, revokeError };
    });
  }

  private async acceptedProfile(config: oidc.Configuration, issuer: string, tokens: TokenSet): Promise<SessionProfile> {
    try {
      const profile = await fetchProfile(issuer, tokens.access_token);
      const idSub = tokens.claims()?.sub;
      if (idSub !== profile.sub) throw new AuthError('sign-in-refused', 'the ID token and the access token name different users');
      checkOrganisation(profile.org, this.options.policy());
      return profile;
    } catch (e) {
      // Refused after the broker issued tokens: revoke them rather than leave them valid.
      await oidc.tokenRevocation(config, tokens.refresh_token!).catch(() => undefined);
      throw e;
    }
  }

  /** Refresh with rotation: the new refresh token replaces the old one before anything else. */
  private async refresh(session: StoredSession): Promise<StoredSession> {
    const config = await discoverBroker(session.issuer, session.clientId);
    let tokens: TokenSet;
    try {
      tokens = await oidc.refreshTokenGrant(config, session.refreshToken);
    } catch (e) {
      if (oauthErrorCode(e) === 'invalid_grant') {
        await this.store.delete();
        throw new AuthError('session-expired', 'the server ended this session (signed out elsewhere, revoked or expired); sign in again ("marie login")', { cause: e });
      }
      throw new AuthError('server-failed', `cannot refresh the session at ${session.issuer}: ${describeOidcError(e)}`, { cause: e });
    }
    const sub = tokens.claims()?.sub;
    if (sub !== undefined && sub !== session.profile.sub) {
      await this.end(session);
      throw new AuthError('sign-in-refused', 'the server answered a refresh with tokens for another user; signed out');
    }
    const next: StoredSession = {
      ...session,
      // Without rotation the server keeps the old token valid; we keep it too.
      refreshToken: tokens.refresh_token ?? session.refreshToken,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: this.now() + (tokens.expires_in ?? 0) * 1000,
    };
    await this.store.save(next);
    return next;
  }

  /** Ends the session (revoked, deleted) and rethrows when the policy in force refuses it. */
  private async enforce(session: StoredSession): Promise<void> {
    const policy = this.options.policy();
    try {
      checkSessionAge(session, policy, this.now());
      checkOrganisation(session.profile.org, policy);
    } catch (e) {
      await this.end(session);
      throw e;
    }
  }

  private async end(session: StoredSession): Promise<void> {
    await revokeQuietly(session);
    await this.store.delete();
  }

  private describe(session: StoredSession): SessionInfo {
    const { maxAgeAt, idleAt } = sessionDeadlines(session, this.options.policy());
    const s = this.options.secrets;
    return {
      server: session.issuer,
      clientId: session.clientId,
      profile: session.profile,
      signedInAt: session.signedInAt,
      lastUsedAt: session.lastUsedAt,
      accessTokenExpiresAt: session.accessTokenExpiresAt,
      maxAgeAt,
      idleAt,
      secretStore: { kind: s.kind, weaker: s.isWeaker, description: s.description },
    };
  }

  // The desktop and the CLI share the session: one refresh at a time, or a rotated token
  // would be presented twice and the broker would revoke the whole family.
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.lockPath, fn, { timeoutMs: 30_000, staleMs: 60_000 });
  }
}

/** Revokes the session's refresh token at its broker; returns why it failed, if it did. */
async function revoke(session: StoredSession): Promise<string | undefined> {
  try {
    const config = await discoverBroker(session.issuer, session.clientId);
    await oidc.tokenRevocation(config, session.refreshToken, { token_type_hint: 'refresh_token' });
    return undefined;
  } catch (e) {
    return e instanceof AuthError ? e.message : describeOidcError(e);
  }
}

async function revokeQuietly(session: StoredSession): Promise<void> {
  await revoke(session);
}
