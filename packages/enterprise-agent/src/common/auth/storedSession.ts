import { z } from 'zod';

/**
 * What one sign-in leaves in the secret store. Everything, tokens and the profile alike, is
 * kept as one secret: the profile says who is signed in, which is itself worth hiding from
 * other local programs, and one entry means one atomic write per refresh.
 */
export const storedSessionSchema = z.object({
  version: z.literal(1),
  /** The broker's issuer (our server's base URL). */
  issuer: z.string().url(),
  /** Which of our clients obtained it (the refresh and revocation must use the same one). */
  clientId: z.enum(['marie-desktop', 'marie-cli']),
  refreshToken: z.string().min(1),
  accessToken: z.string().min(1),
  /** Epoch milliseconds. */
  accessTokenExpiresAt: z.number(),
  profile: z.object({
    sub: z.string(),
    email: z.string().optional(),
    org: z.string(),
    groups: z.array(z.string()).default([]),
    mfa: z.boolean(),
    /** Epoch seconds of the upstream authentication, as the broker reports it. */
    authTime: z.number().optional(),
  }),
  /** Epoch milliseconds: when this machine completed the sign-in (policy max age counts from here). */
  signedInAt: z.number(),
  /** Epoch milliseconds: the last time the session was used (policy idle timeout counts from here). */
  lastUsedAt: z.number(),
});

export type StoredSession = z.infer<typeof storedSessionSchema>;
export type SessionProfile = StoredSession['profile'];

/** Parses a stored entry; a damaged one is reported as absent rather than half-trusted. */
export function parseStoredSession(text: string | null): StoredSession | null {
  if (text === null) return null;
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
