import type { ServerConfig } from '../config/config.js';
import { StoreError } from '../store/errors.js';
import type { User } from '../store/users.js';
import { withServices } from './admin.js';
import { printJsonOrLines, UsageError } from './output.js';

export interface UserArgs {
  action?: string;
  org?: string;
  email?: string;
  name?: string;
  group?: string[];
  json?: boolean;
}

const describe = (u: User) => `${u.email}\t${u.name ?? ''}\tgroups=[${u.groups.join(',')}]${u.disabled ? '\tDISABLED' : ''}`;

export async function userCommand(config: ServerConfig, a: UserArgs): Promise<number> {
  return withServices(config, async (s) => {
    if (!a.org) throw new UsageError('user commands need --org');
    const org = await s.orgs.get(a.org);
    switch (a.action) {
      case 'add': {
        if (!a.email) throw new UsageError('user add needs --email');
        const user = await s.users.create(org.id, a.email, a.name, a.group ?? []);
        printJsonOrLines(a.json, user, () => [describe(user)]);
        return 0;
      }
      case 'list': {
        const users = await s.users.list(org.id);
        printJsonOrLines(a.json, users, () => users.map(describe));
        return 0;
      }
      case 'disable':
      case 'enable': {
        if (!a.email) throw new UsageError(`user ${a.action} needs --email`);
        const user = await s.users.findByEmail(org.id, a.email);
        if (!user) throw new StoreError('E_NOT_FOUND', `no user ${a.email} in ${a.org}`);
        await s.users.update(user.id, { disabled: a.action === 'disable' });
        return 0;
      }
      default:
        throw new UsageError('user takes add, list, disable or enable');
    }
  });
}
