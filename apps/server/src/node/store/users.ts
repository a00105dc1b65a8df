import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserTable } from '../db/schema.js';
import { now, StoreError } from './errors.js';

export interface User {
  id: string;
  orgId: string;
  email: string;
  name: string | null;
  groups: string[];
  disabled: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function toUser(r: UserTable): User {
  return { id: r.id, orgId: r.org_id, email: r.email, name: r.name, groups: JSON.parse(r.groups) as string[], disabled: r.disabled === 1 };
}

export class UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(orgId: string, email: string, name?: string | null, groups: string[] = []): Promise<User> {
    const normalized = email.trim().toLowerCase();
    if (!EMAIL.test(normalized)) throw new StoreError('E_INVALID_INPUT', `${JSON.stringify(email)} is not an email address`);
    if (await this.findByEmail(orgId, normalized)) throw new StoreError('E_EXISTS', `user ${normalized} already exists in the org`);
    const row: UserTable = { id: randomUUID(), org_id: orgId, email: normalized, name: name ?? null, groups: JSON.stringify(groups), disabled: 0, created_at: now() };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async findByEmail(orgId: string, email: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return r && toUser(r);
  }

  async findById(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async findByIdentity(idpId: string, subject: string): Promise<User | undefined> {
    const r = await this.db
      .selectFrom('identities')
      .innerJoin('users', 'users.id', 'identities.user_id')
      .selectAll('users')
      .where('identities.idp_id', '=', idpId)
      .where('identities.subject', '=', subject)
      .executeTakeFirst();
    return r && toUser(r);
  }

  async link(idpId: string, subject: string, userId: string): Promise<void> {
    await this.db.insertInto('identities').values({ idp_id: idpId, subject, user_id: userId }).execute();
  }

  async update(id: string, patch: { name?: string | null; groups?: string[]; disabled?: boolean }): Promise<void> {
    const values: Partial<UserTable> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.groups !== undefined) values.groups = JSON.stringify(patch.groups);
    if (patch.disabled !== undefined) values.disabled = patch.disabled ? 1 : 0;
    if (Object.keys(values).length) await this.db.updateTable('users').set(values).where('id', '=', id).execute();
  }

  async list(orgId: string): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('email').execute()).map(toUser);
  }
}
