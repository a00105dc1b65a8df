import type { Kysely, Selectable } from 'kysely';
import type { Database, UpstreamStateTable } from '../db/schema.js';
import type { Idp } from '../store/idps.js';
import { now } from '../store/errors.js';

/** A refusal that the user (and the client) should see, with the reason in words. */
export class SignInError extends Error {
  override name = 'SignInError';
}

export type UpstreamStateRow = Selectable<UpstreamStateTable>;

/** What an upstream protocol hands the broker: whose sign-in it was and the identity claims. */
export interface UpstreamResult {
  interactionUid: string;
  idp: Idp;
  claims: Record<string, unknown>;
}

/**
 * Looks up and burns a one-time upstream state (OIDC `state`, SAML `RelayState`). Without a
 * known state there is no interaction to fail, so the caller shows the reason directly.
 */
export async function takeState(db: Kysely<Database>, state: string | null | undefined): Promise<UpstreamStateRow> {
  if (!state) throw new SignInError('the identity provider returned no state parameter; start the sign-in again');
  const row = await db.selectFrom('upstream_states').selectAll().where('state', '=', state).executeTakeFirst();
  if (!row) throw new SignInError('unknown, expired or already used state parameter; start the sign-in again');
  // The delete is the claim: of two racing callbacks with one state, only one deletes the row.
  const del = await db.deleteFrom('upstream_states').where('state', '=', state).executeTakeFirst();
  if (Number(del.numDeletedRows) !== 1) throw new SignInError('state parameter already used; start the sign-in again');
  if (row.expires_at < now()) throw new SignInError('the sign-in took too long; start it again');
  return row;
}
