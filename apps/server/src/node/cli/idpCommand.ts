import { readFileSync } from 'node:fs';
import type { ServerConfig } from '../config/config.js';
import { parseIdpMetadata } from '../saml/metadata.js';
import type { Idp } from '../store/idps.js';
import { withServices } from './admin.js';
import { printJsonOrLines, UsageError } from './output.js';

export interface IdpArgs {
  action?: string;
  org?: string;
  name?: string;
  issuer?: string;
  clientId?: string;
  clientSecretFile?: string;
  metadata?: string;
  json?: boolean;
}

const describe = (i: Idp) => `${i.name}\t${i.kind}\t${i.issuer}${i.clientId ? `\tclient=${i.clientId}` : ''}`;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} file ${path}`);
  }
}

/** The client secret comes from a file or MARIE_IDP_CLIENT_SECRET, never argv (visible in ps). */
function clientSecret(a: IdpArgs, env: NodeJS.ProcessEnv): string | undefined {
  if (a.clientSecretFile) return readText(a.clientSecretFile, 'client secret').trim();
  return env.MARIE_IDP_CLIENT_SECRET || undefined;
}

export async function idpCommand(config: ServerConfig, a: IdpArgs, env: NodeJS.ProcessEnv): Promise<number> {
  return withServices(config, async (s) => {
    switch (a.action) {
      case 'add-oidc': {
        if (!a.org || !a.name || !a.issuer || !a.clientId) throw new UsageError('idp add-oidc needs --org, --name, --issuer and --client-id');
        const org = await s.orgs.get(a.org);
        const idp = await s.idps.addOidc({ orgId: org.id, name: a.name, issuer: a.issuer, clientId: a.clientId, clientSecret: clientSecret(a, env) });
        printJsonOrLines(a.json, idp, () => [describe(idp)]);
        return 0;
      }
      case 'add-saml': {
        if (!a.org || !a.name || !a.metadata) throw new UsageError('idp add-saml needs --org, --name and --metadata FILE');
        const org = await s.orgs.get(a.org);
        const xml = readText(a.metadata, 'metadata');
        const meta = parseIdpMetadata(xml);
        const idp = await s.idps.addSaml({ orgId: org.id, name: a.name, metadata: xml, entityId: meta.entityId });
        printJsonOrLines(a.json, idp, () => [describe(idp)]);
        return 0;
      }
      case 'list': {
        const orgId = a.org ? (await s.orgs.get(a.org)).id : undefined;
        const idps = orgId ? await s.idps.listForOrg(orgId) : await s.idps.listAll();
        printJsonOrLines(a.json, idps, () => idps.map(describe));
        return 0;
      }
      case 'remove': {
        if (!a.org || !a.name) throw new UsageError('idp remove needs --org and --name');
        const org = await s.orgs.get(a.org);
        const idp = (await s.idps.listForOrg(org.id)).find((i) => i.name === a.name);
        if (!idp) throw new UsageError(`${a.org} has no IdP named ${a.name}`);
        await s.idps.remove(idp.id);
        return 0;
      }
      default:
        throw new UsageError('idp takes add-oidc, add-saml, list or remove');
    }
  });
}
