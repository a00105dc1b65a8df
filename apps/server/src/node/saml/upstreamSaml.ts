import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { Profile } from '@node-saml/node-saml';
import type { Kysely } from 'kysely';
import { SignInError } from '../broker/upstreamState.js';
import type { UpstreamResult, UpstreamStateRow } from '../broker/upstreamState.js';
import type { Database } from '../db/schema.js';
import type { Idp } from '../store/idps.js';
import { now } from '../store/errors.js';
import { parseIdpMetadata } from './metadata.js';
import { DbRequestCache } from './requestCache.js';

const STATE_TTL = 600;

type Node = { $?: Record<string, string>; _?: string } & Record<string, unknown>;
const first = (v: unknown): Node | undefined => (Array.isArray(v) ? (v[0] as Node) : undefined);
const text = (v: unknown): string | undefined => {
  const n = first(v);
  return typeof n === 'string' ? n : n?._;
};

/**
 * The broker as a SAML 2.0 service provider (node-saml): signed assertions required, issuer,
 * audience, time window and InResponseTo checked by node-saml; the recipient, the request this
 * RelayState started, and a one-time assertion ID are checked here.
 */
export class UpstreamSaml {
  constructor(
    private readonly db: Kysely<Database>,
    readonly spEntityId: string,
    readonly acsUrl: string,
  ) {}

  private saml(idp: Idp, requestId?: string): SAML {
    const meta = parseIdpMetadata(idp.samlMetadata ?? '');
    return new SAML({
      entryPoint: meta.ssoUrl,
      issuer: this.spEntityId,
      audience: this.spEntityId,
      callbackUrl: this.acsUrl,
      idpIssuer: meta.entityId,
      idpCert: meta.signingCerts,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      cacheProvider: new DbRequestCache(this.db),
      requestIdExpirationPeriodMs: STATE_TTL * 1000,
      acceptedClockSkewMs: 60_000,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      generateUniqueId: () => requestId ?? `_${randomBytes(20).toString('hex')}`,
    });
  }

  async begin(idp: Idp, interactionUid: string): Promise<URL> {
    const requestId = `_${randomBytes(20).toString('hex')}`;
    const relayState = randomBytes(24).toString('base64url');
    // The AuthnRequest ID rides in `nonce`: the response must answer this very request.
    await this.db
      .insertInto('upstream_states')
      .values({ state: relayState, interaction_uid: interactionUid, idp_id: idp.id, nonce: requestId, code_verifier: '', expires_at: now() + STATE_TTL })
      .execute();
    return new URL(await this.saml(idp, requestId).getAuthorizeUrlAsync(relayState, undefined, {}));
  }

  async complete(samlResponse: string | undefined, row: UpstreamStateRow, idp: Idp): Promise<UpstreamResult> {
    if (!samlResponse) throw new SignInError('the identity provider posted no SAMLResponse');
    let profile: Profile | null;
    try {
      ({ profile } = await this.saml(idp).validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (e) {
      throw new SignInError(`the SAML response was refused: ${(e as Error).message}`);
    }
    if (!profile) throw new SignInError('the SAML response carried no assertion');
    if (profile.inResponseTo !== row.nonce) throw new SignInError('the SAML response answers a different sign-in request');
    const assertion = (profile.getAssertion?.() as { Assertion?: Node } | undefined)?.Assertion;
    if (!assertion) throw new SignInError('the SAML response carried no assertion');
    const confirmation = first(first(first(assertion.Subject)?.SubjectConfirmation)?.SubjectConfirmationData);
    if (confirmation?.$?.Recipient !== this.acsUrl) throw new SignInError(`the SAML assertion is meant for another recipient (${confirmation?.$?.Recipient ?? 'none'})`);
    await this.burnAssertionId(idp.id, assertion);
    return { interactionUid: row.interaction_uid, idp, claims: this.claims(profile, assertion) };
  }

  /** A signed assertion is a bearer token: each ID is accepted once while it is valid. */
  private async burnAssertionId(idpId: string, assertion: Node): Promise<void> {
    const id = assertion.$?.ID;
    if (!id) throw new SignInError('the SAML assertion has no ID');
    const notOnOrAfter = first(assertion.Conditions)?.$?.NotOnOrAfter;
    const expires = notOnOrAfter ? Math.floor(Date.parse(notOnOrAfter) / 1000) : now() + 3600;
    const r = await this.db
      .insertInto('saml_assertions')
      .values({ idp_id: idpId, assertion_id: id, expires_at: expires })
      .onConflict((oc) => oc.columns(['idp_id', 'assertion_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new SignInError(`the SAML assertion ${id} was already used (replay)`);
  }

  private claims(profile: Profile, assertion: Node): Record<string, unknown> {
    const attrs = (profile.attributes ?? {}) as Record<string, unknown>;
    const one = (k: string) => (Array.isArray(attrs[k]) ? (attrs[k] as unknown[])[0] : attrs[k]);
    const authn = first(assertion.AuthnStatement);
    const instant = authn?.$?.AuthnInstant;
    const groups = attrs.groups === undefined ? undefined : ([] as unknown[]).concat(attrs.groups).filter((g) => typeof g === 'string');
    return {
      sub: profile.nameID,
      email: (typeof profile.email === 'string' ? profile.email : undefined) ?? one('email'),
      name: one('name'),
      groups,
      acr: text(first(authn?.AuthnContext)?.AuthnContextClassRef),
      auth_time: instant ? Math.floor(Date.parse(instant) / 1000) : undefined,
    };
  }
}
