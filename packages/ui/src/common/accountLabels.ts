import type { AuthStatus } from '@marie/protocol';

/** The status bar's account item: who, in which organisation; "Sign in" when nobody is. */
export function accountLabel(status: AuthStatus | null): string {
  if (!status) return 'Account';
  if (!status.signedIn || !status.profile) return status.signingIn ? 'Signing in…' : 'Sign in';
  const who = status.profile.email ?? status.profile.subject;
  return `${who} (${status.profile.org})`;
}

/** When policy ends the session (the earlier of max age and idle timeout), for the account menu. */
export function sessionEndText(status: AuthStatus, timeZone?: string): string {
  if (!status.sessionEndsAt) return 'No session time limit';
  const at = new Date(status.sessionEndsAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  return `Session ends at ${at} by policy (activity postpones an idle timeout)`;
}

/** Said wherever the account shows when the session sits in the explicitly weaker store. */
export const WEAKER_STORE_TEXT = 'Weaker store: no OS keychain; your organisation allows a less protected file.';
