import { CodedError } from '../codedError.js';
/**
 * Why a sign-in or a session was refused. Stable codes, so the CLI maps them to exit codes
 * and the workbench (later) to its own messages; the message is for people and never
 * carries a token.
 */
export type AuthErrorCode =
  /** No session is stored on this machine. */
  | 'not-signed-in'
  /** The session passed its policy maximum age or idle timeout, or the broker ended it. */
  | 'session-expired'
  /** The account belongs to an organisation other than the one policy allows. */
  | 'org-not-allowed'
  /** The broker (or the company IdP behind it) refused the sign-in, e.g. MFA too weak. */
  | 'sign-in-refused'
  /** The browser or device sign-in did not finish in time. */
  | 'sign-in-timeout'
  /** The server URL is unusable: not https (loopback http aside), or not the one policy names. */
  | 'bad-server'
  /** The server could not be reached or answered something unexpected. */
  | 'server-failed';

export class AuthError extends CodedError<AuthErrorCode> {
  override readonly name = 'AuthError';
}

export const isAuthError = (e: unknown): e is AuthError => e instanceof AuthError;
