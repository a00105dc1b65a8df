import type { AuthReason, AuthStatus } from '@marie/protocol';
import type { SessionInfo } from '@marie/enterprise-agent/node';

export interface StatusParts {
  required: boolean;
  signingIn: boolean;
  server: string | null;
  serverPinned: boolean;
  reason: AuthReason | undefined;
}

/** The workbench's view of a session: profile data, deadlines and the store; never a token. */
export function statusOf(info: SessionInfo | null, store: SessionInfo['secretStore'] | null, parts: StatusParts): AuthStatus {
  const ends = info ? [info.maxAgeAt, info.idleAt].filter((t): t is number => t !== null) : [];
  return {
    signedIn: info !== null,
    ...(info
      ? {
          profile: { subject: info.profile.sub, ...(info.profile.email ? { email: info.profile.email } : {}), org: info.profile.org, mfa: info.profile.mfa },
          sessionEndsAt: ends.length ? Math.min(...ends) : null,
        }
      : {}),
    storeKind: store?.kind ?? null,
    weakerStore: store?.weaker ?? false,
    required: parts.required,
    signingIn: parts.signingIn,
    server: parts.server,
    serverPinned: parts.serverPinned,
    ...(parts.reason && !info ? { reason: parts.reason } : {}),
  };
}
