import type { Services } from '../services.js';
import type { Idp } from '../store/idps.js';
import type { User } from '../store/users.js';
import { SignInError } from './upstreamOidc.js';

export interface UpstreamIdentity {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

export function identityFromClaims(claims: Record<string, unknown>): UpstreamIdentity {
  const groups = Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string') : undefined;
  return {
    subject: String(claims.sub),
    email: typeof claims.email === 'string' ? claims.email : undefined,
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    groups,
  };
}

/**
 * An upstream subject maps to one user of the IdP's org. A first sign-in links to a user an
 * admin pre-created with the same (verified) email, or creates one when the org allows it.
 */
export async function mapIdentity(services: Services, idp: Idp, id: UpstreamIdentity): Promise<User> {
  const org = await services.orgs.findById(idp.orgId);
  if (!org) throw new SignInError('the organisation of this identity provider no longer exists');
  let user = await services.users.findByIdentity(idp.id, id.subject);
  if (!user) {
    if (!id.email) throw new SignInError('the identity provider sent no email address for this user');
    if (id.emailVerified === false) throw new SignInError(`the identity provider has not verified ${id.email}`);
    user = await services.users.findByEmail(org.id, id.email);
    if (!user) {
      if (!org.allowJit) throw new SignInError(`${id.email} has no account in ${org.slug}, and the organisation does not create accounts on first sign-in; ask an administrator`);
      user = await services.users.create(org.id, id.email, id.name ?? null, id.groups ?? []);
    }
    await services.users.link(idp.id, id.subject, user.id);
  }
  if (user.disabled) throw new SignInError(`the account ${user.email} is disabled in ${org.slug}`);
  if (id.groups) {
    await services.users.update(user.id, { groups: id.groups });
    user = { ...user, groups: id.groups };
  }
  return user;
}
