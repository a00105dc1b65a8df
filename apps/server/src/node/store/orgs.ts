import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OrgTable } from '../db/schema.js';
import { now, StoreError } from './errors.js';

export interface Org {
  id: string;
  slug: string;
  name: string;
  allowJit: boolean;
  mfa: { required: boolean; acrValues: string[]; maxAuthAgeSeconds: number };
}

export interface OrgInput {
  slug: string;
  name: string;
  allowJit?: boolean;
  mfaRequired?: boolean;
  mfaAcrValues?: string[];
  mfaMaxAuthAgeSeconds?: number;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

function toOrg(r: Selectable<OrgTable> | Insertable<OrgTable>): Org {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    allowJit: r.allow_jit === 1,
    mfa: { required: r.mfa_required === 1, acrValues: JSON.parse(r.mfa_acr_values) as string[], maxAuthAgeSeconds: r.mfa_max_auth_age },
  };
}

export class OrgStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: OrgInput): Promise<Org> {
    if (!SLUG.test(input.slug)) throw new StoreError('E_INVALID_INPUT', `org slug ${JSON.stringify(input.slug)} must be lowercase letters, digits and dashes`);
    if (!input.name.trim()) throw new StoreError('E_INVALID_INPUT', 'org name must not be empty');
    if (await this.findBySlug(input.slug)) throw new StoreError('E_EXISTS', `org ${input.slug} already exists`);
    const row: Insertable<OrgTable> = {
      id: randomUUID(),
      slug: input.slug,
      name: input.name.trim(),
      allow_jit: input.allowJit === false ? 0 : 1,
      mfa_required: input.mfaRequired ? 1 : 0,
      mfa_acr_values: JSON.stringify(input.mfaAcrValues ?? []),
      mfa_max_auth_age: input.mfaMaxAuthAgeSeconds ?? 12 * 3600,
      created_at: now(),
    };
    await this.db.insertInto('orgs').values(row).execute();
    return toOrg(row);
  }

  async update(slug: string, patch: Partial<Omit<OrgInput, 'slug'>>): Promise<Org> {
    const org = await this.get(slug);
    const values: Updateable<OrgTable> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.allowJit !== undefined) values.allow_jit = patch.allowJit ? 1 : 0;
    if (patch.mfaRequired !== undefined) values.mfa_required = patch.mfaRequired ? 1 : 0;
    if (patch.mfaAcrValues !== undefined) values.mfa_acr_values = JSON.stringify(patch.mfaAcrValues);
    if (patch.mfaMaxAuthAgeSeconds !== undefined) values.mfa_max_auth_age = patch.mfaMaxAuthAgeSeconds;
    if (Object.keys(values).length) await this.db.updateTable('orgs').set(values).where('id', '=', org.id).execute();
    return this.get(slug);
  }

  async findBySlug(slug: string): Promise<Org | undefined> {
    const r = await this.db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r && toOrg(r);
  }

  async findById(id: string): Promise<Org | undefined> {
    const r = await this.db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toOrg(r);
  }

  async get(slug: string): Promise<Org> {
    const org = await this.findBySlug(slug);
    if (!org) throw new StoreError('E_NOT_FOUND', `no org ${slug}`);
    return org;
  }

  async list(): Promise<Org[]> {
    return (await this.db.selectFrom('orgs').selectAll().orderBy('slug').execute()).map(toOrg);
  }
}
