import type { ServerConfig } from '../config/config.js';
import { withServices } from './admin.js';
import { out, printJsonOrLines, UsageError } from './output.js';

export interface KekArgs {
  action?: string;
  org?: string;
  yes?: boolean;
  json?: boolean;
}

export async function kekCommand(config: ServerConfig, a: KekArgs): Promise<number> {
  if (!a.org) throw new UsageError('kek commands need --org');
  const org = a.org;
  return withServices(config, async (s) => {
    const orgId = (await s.orgs.get(org)).id;
    switch (a.action) {
      case 'status': {
        const st = await s.keks.status(orgId);
        printJsonOrLines(a.json, st, () => [`${org}\t${st.status}\tactive=v${st.activeVersion ?? '-'}\tversions=[${st.versions.join(',')}]`]);
        return 0;
      }
      case 'rotate':
        out(`${org}: key version ${await s.keks.rotate(orgId)} is now active; rewrap device keys to retire older versions`);
        return 0;
      case 'disable':
      case 'enable':
        await s.keks.setDisabled(orgId, a.action === 'disable');
        out(`${org}: key ${a.action}d`);
        return 0;
      case 'destroy':
        // Crypto-shredding cannot be undone, so it needs an explicit confirmation flag.
        if (!a.yes) throw new UsageError(`kek destroy makes every device's data of ${org} unreadable forever; add --yes to confirm`);
        await s.keks.destroy(orgId);
        out(`${org}: key destroyed`);
        return 0;
      default:
        throw new UsageError('kek takes status, rotate, disable, enable or destroy');
    }
  });
}
