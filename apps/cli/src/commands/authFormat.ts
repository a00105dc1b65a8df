import type { SessionInfo } from '@marie/enterprise-agent/node';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface SessionJson {
  server: string;
  clientId: string;
  subject: string;
  email: string | null;
  org: string;
  groups: string[];
  mfa: boolean;
  signedInAt: string | null;
  accessTokenExpiresAt: string | null;
  /** When policy forces a new sign-in (the earlier of max age and idle timeout), or null. */
  sessionExpiresAt: string | null;
  secretStore: { kind: string; weaker: boolean; description: string };
}

/** `whoami --json`: stable field names, times in ISO 8601, never a token. */
export function sessionJson(s: SessionInfo): SessionJson {
  const ends = [s.maxAgeAt, s.idleAt].filter((t): t is number => t !== null);
  return {
    server: s.server,
    clientId: s.clientId,
    subject: s.profile.sub,
    email: s.profile.email ?? null,
    org: s.profile.org,
    groups: s.profile.groups,
    mfa: s.profile.mfa,
    signedInAt: iso(s.signedInAt),
    accessTokenExpiresAt: iso(s.accessTokenExpiresAt),
    sessionExpiresAt: iso(ends.length ? Math.min(...ends) : null),
    secretStore: { kind: s.secretStore.kind, weaker: s.secretStore.weaker, description: s.secretStore.description },
  };
}

export function sessionText(s: SessionInfo): string {
  const j = sessionJson(s);
  const lines = [
    `Signed in to ${j.server} as ${j.email ?? j.subject}`,
    `  subject:        ${j.subject}`,
    `  organisation:   ${j.org}`,
    `  MFA:            ${j.mfa ? 'yes' : 'no'}`,
    `  signed in:      ${j.signedInAt}`,
    `  access token:   valid until ${j.accessTokenExpiresAt} (renewed automatically)`,
    `  session ends:   ${j.sessionExpiresAt ?? 'when the server ends it (no policy limit)'}`,
    `  secret store:   ${s.secretStore.weaker ? 'WEAKER STORE: ' : ''}${s.secretStore.description}`,
  ];
  return lines.join('\n') + '\n';
}
