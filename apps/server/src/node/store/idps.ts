import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { open, seal } from '../crypto/seal.js';
import type { Database, IdpTable } from '../db/schema.js';
import { now, StoreError } from './errors.js';

export interface Idp {
  id: string;
  orgId: string;
  kind: 'oidc' | 'saml';
  name: string;
  issuer: string;
  clientId: string | null;
  samlMetadata: string | null;
}

export interface OidcIdpInput {
  orgId: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

export interface SamlIdpInput {
  orgId: string;
  name: string;
  /** The IdP's EntityDescriptor XML; its entityID becomes the issuer. */
  metadata: string;
  entityId: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const secretContext = (id: string) => `idps.client_secret:${id}`;

function toIdp(r: IdpTable): Idp {
  return { id: r.id, orgId: r.org_id, kind: r.kind, name: r.name, issuer: r.issuer, clientId: r.client_id, samlMetadata: r.saml_metadata };
}

export class IdpStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly masterKey: Buffer,
  ) {}

  private async checkNew(orgId: string, name: string): Promise<void> {
    if (!NAME.test(name)) throw new StoreError('E_INVALID_INPUT', `IdP name ${JSON.stringify(name)} must be lowercase letters, digits and dashes`);
    const dup = await this.db.selectFrom('idps').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
    if (dup) throw new StoreError('E_EXISTS', `the org already has an IdP named ${name}`);
  }

  async addOidc(input: OidcIdpInput): Promise<Idp> {
    await this.checkNew(input.orgId, input.name);
    let issuer: URL;
    try {
      issuer = new URL(input.issuer);
    } catch {
      throw new StoreError('E_INVALID_INPUT', `issuer ${JSON.stringify(input.issuer)} is not a URL`);
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback)) {
      throw new StoreError('E_INVALID_INPUT', 'issuer must be https (plain http only on loopback, for tests)');
    }
    if (!input.clientId) throw new StoreError('E_INVALID_INPUT', 'client id is required');
    const id = randomUUID();
    const row: IdpTable = {
      id,
      org_id: input.orgId,
      kind: 'oidc',
      name: input.name,
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret_sealed: input.clientSecret ? seal(this.masterKey, input.clientSecret, secretContext(id)) : null,
      saml_metadata: null,
      created_at: now(),
    };
    await this.db.insertInto('idps').values(row).execute();
    return toIdp(row);
  }

  async addSaml(input: SamlIdpInput): Promise<Idp> {
    await this.checkNew(input.orgId, input.name);
    const row: IdpTable = {
      id: randomUUID(),
      org_id: input.orgId,
      kind: 'saml',
      name: input.name,
      issuer: input.entityId,
      client_id: null,
      client_secret_sealed: null,
      saml_metadata: input.metadata,
      created_at: now(),
    };
    await this.db.insertInto('idps').values(row).execute();
    return toIdp(row);
  }

  async get(id: string): Promise<Idp | undefined> {
    const r = await this.db.selectFrom('idps').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toIdp(r);
  }

  async clientSecret(id: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('idps').select('client_secret_sealed').where('id', '=', id).executeTakeFirst();
    return r?.client_secret_sealed ? open(this.masterKey, r.client_secret_sealed, secretContext(id)).toString() : undefined;
  }

  async listForOrg(orgId: string): Promise<Idp[]> {
    return (await this.db.selectFrom('idps').selectAll().where('org_id', '=', orgId).orderBy('name').execute()).map(toIdp);
  }

  async listAll(): Promise<Idp[]> {
    return (await this.db.selectFrom('idps').selectAll().orderBy('name').execute()).map(toIdp);
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('idps').where('id', '=', id).execute();
  }
}
