import type { FindAccount } from 'oidc-provider';
import type { Services } from '../services.js';

/** Our users as oidc-provider accounts; a disabled user has no account, so tokens stop working. */
export function makeFindAccount(services: Services): FindAccount {
  return async (_ctx, sub) => {
    const user = await services.users.findById(sub);
    if (!user || user.disabled) return undefined;
    const org = await services.orgs.findById(user.orgId);
    if (!org) return undefined;
    return {
      accountId: user.id,
      claims: async () => ({ sub: user.id, email: user.email, email_verified: true, name: user.name ?? undefined, org: org.slug, groups: user.groups }),
    };
  };
}
