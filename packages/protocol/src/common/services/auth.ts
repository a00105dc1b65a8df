import { z } from 'zod';
import type { Event } from '../event.js';
import { defineContract } from '../rpc/contract.js';
import { emptyInput } from './workspace.js';

/** Who is signed in, as the workbench may show it. Never a token: tokens stay in the host. */
export interface AuthProfile {
  subject: string;
  email?: string;
  org: string;
  mfa: boolean;
}

/** Where the host keeps the session; `weaker-file` only when policy allows it and no keychain exists. */
export type AuthStoreKind = 'os-keychain' | 'electron-safe-storage' | 'weaker-file';

/** Why the user is not (or no longer) signed in: stable codes, a message for people. */
export type AuthReasonCode = 'session-expired' | 'org-not-allowed' | 'sign-in-refused' | 'sign-in-timeout' | 'bad-server' | 'server-failed' | 'secret-store' | 'audit-unavailable';

export interface AuthReason {
  code: AuthReasonCode;
  message: string;
}

export interface AuthStatus {
  signedIn: boolean;
  profile?: AuthProfile;
  /** Epoch ms at which policy ends the session (the earlier of max age and idle timeout); null: no limit. */
  sessionEndsAt?: number | null;
  /** Null when no secret store can be opened (then `reason` says why). */
  storeKind: AuthStoreKind | null;
  /** The session is kept in the explicitly weaker store: the UI must say so. */
  weakerStore: boolean;
  /** Policy "RequireSignIn": the workbench stays locked until signed in. */
  required: boolean;
  /** A browser sign-in is waiting for its answer. */
  signingIn: boolean;
  /** The server the next sign-in goes to (policy "ConsoleURL" or the last one used), if known. */
  server: string | null;
  /** Policy "ConsoleURL" names the server: the user cannot choose another. */
  serverPinned: boolean;
  /** Why the last sign-in failed or the session ended; cleared by the next successful sign-in. */
  reason?: AuthReason;
}

export interface SignInStarted {
  /** The broker's authorization URL: the workbench opens it in a browser tab (or the system browser). */
  url: string;
}

export interface SignOutResult {
  wasSignedIn: boolean;
  /** False when the server could not be told (the session is removed from this machine anyway). */
  revoked: boolean;
  revokeError?: string;
}

export const signInInput = z
  .object({
    /** The server's base URL; https, or http to this machine only (checked again by the host). */
    server: z.string().min(1).max(2048).optional(),
  })
  .strict();

export interface IAuthService {
  status(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<AuthStatus>;
  /**
   * Starts the browser sign-in (authorization code + PKCE, loopback redirect) in the host and
   * answers with the URL to open; the result arrives through onDidChange. A sign-in already
   * waiting is cancelled. Fails with E_AUTH_FAILED when it cannot start (bad server, no store).
   */
  signIn(input: z.infer<typeof signInInput>, signal?: AbortSignal): Promise<SignInStarted>;
  cancelSignIn(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<void>;
  /** Revokes the session at the server and removes it from this machine. */
  signOut(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<SignOutResult>;
  /** The status again whenever it changed: signed in or out, a policy ended the session, a policy changed. */
  onDidChange: Event<AuthStatus>;
}

export const authContract = defineContract<IAuthService>({
  channel: 'auth',
  methods: { status: emptyInput, signIn: signInInput, cancelSignIn: emptyInput, signOut: emptyInput },
  events: { onDidChange: true },
});
