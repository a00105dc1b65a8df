import type { ServerConfig } from '../config/config.js';
import type { Org } from '../store/orgs.js';
import { withServices } from './admin.js';
import { printJsonOrLines, UsageError } from './output.js';

export interface OrgArgs {
  action?: string;
  slug?: string;
  name?: string;
  jit?: boolean;
  noJit?: boolean;
  mfaRequired?: boolean;
  noMfaRequired?: boolean;
  mfaAcr?: string[];
  mfaMaxAge?: string;
  json?: boolean;
}

const describe = (o: Org) =>
  `${o.slug}\t${o.name}\tjit=${o.allowJit ? 'on' : 'off'}\tmfa=${o.mfa.required ? 'required' : 'optional'}\tacr=[${o.mfa.acrValues.join(',')}]\tmax-age=${o.mfa.maxAuthAgeSeconds}s`;

function flag(on: boolean | undefined, off: boolean | undefined, name: string): boolean | undefined {
  if (on && off) throw new UsageError(`--${name} and --no-${name} contradict each other`);
  return on ? true : off ? false : undefined;
}

function maxAge(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 60) throw new UsageError('--mfa-max-age must be a whole number of seconds, at least 60');
  return n;
}

/** The sign-in settings `org create` and `org update` share. */
function orgOptions(a: OrgArgs) {
  return {
    allowJit: flag(a.jit, a.noJit, 'jit'),
    mfaRequired: flag(a.mfaRequired, a.noMfaRequired, 'mfa-required'),
    mfaAcrValues: a.mfaAcr,
    mfaMaxAuthAgeSeconds: maxAge(a.mfaMaxAge),
  };
}

export async function orgCommand(config: ServerConfig, a: OrgArgs): Promise<number> {
  return withServices(config, async (s) => {
    switch (a.action) {
      case 'create': {
        if (!a.slug || !a.name) throw new UsageError('org create needs <slug> and --name');
        const org = await s.orgs.create({ slug: a.slug, name: a.name, ...orgOptions(a) });
        printJsonOrLines(a.json, org, () => [describe(org)]);
        return 0;
      }
      case 'update': {
        if (!a.slug) throw new UsageError('org update needs <slug>');
        const org = await s.orgs.update(a.slug, { name: a.name, ...orgOptions(a) });
        printJsonOrLines(a.json, org, () => [describe(org)]);
        return 0;
      }
      case 'list': {
        const orgs = await s.orgs.list();
        printJsonOrLines(a.json, orgs, () => orgs.map(describe));
        return 0;
      }
      default:
        throw new UsageError('org takes create, update or list');
    }
  });
}
