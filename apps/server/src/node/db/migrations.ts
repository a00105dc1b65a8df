import type { Kysely } from 'kysely';
import { auditIndexMigration, auditMigration } from '../audit/migration.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** Forward-only: append new entries, never edit or remove a shipped one. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'identity',
    async up(db) {
      await db.schema
        .createTable('orgs')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('allow_jit', 'integer', (c) => c.notNull())
        .addColumn('mfa_required', 'integer', (c) => c.notNull())
        .addColumn('mfa_acr_values', 'text', (c) => c.notNull())
        .addColumn('mfa_max_auth_age', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('idps')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('org_id', 'varchar(64)', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text')
        .addColumn('client_secret_sealed', 'text')
        .addColumn('saml_metadata', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('idps_org_name', ['org_id', 'name'])
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('org_id', 'varchar(64)', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('email', 'varchar(320)', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('groups', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('users_org_email', ['org_id', 'email'])
        .execute();
      await db.schema
        .createTable('identities')
        .addColumn('idp_id', 'varchar(64)', (c) => c.notNull().references('idps.id').onDelete('cascade'))
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('identities_pk', ['idp_id', 'subject'])
        .execute();
      await db.schema
        .createTable('oidc_payloads')
        .addColumn('kind', 'varchar(48)', (c) => c.notNull())
        .addColumn('id', 'varchar(255)', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'varchar(255)')
        .addColumn('user_code', 'varchar(255)')
        .addColumn('uid', 'varchar(255)')
        .addColumn('expires_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .addPrimaryKeyConstraint('oidc_payloads_pk', ['kind', 'id'])
        .execute();
      await db.schema.createIndex('oidc_payloads_grant').on('oidc_payloads').column('grant_id').execute();
      await db.schema.createIndex('oidc_payloads_user_code').on('oidc_payloads').column('user_code').execute();
      await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').column('uid').execute();
      await db.schema
        .createTable('upstream_states')
        .addColumn('state', 'varchar(128)', (c) => c.primaryKey())
        .addColumn('interaction_uid', 'varchar(255)', (c) => c.notNull())
        .addColumn('idp_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('nonce', 'varchar(128)', (c) => c.notNull())
        .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('alg', 'varchar(16)', (c) => c.notNull())
        .addColumn('jwk_sealed', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('server_secrets')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value_sealed', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 2,
    name: 'org-kek',
    async up(db) {
      await db.schema.alterTable('orgs').addColumn('kek_status', 'varchar(16)', (c) => c.notNull().defaultTo('active')).execute();
      await db.schema
        .createTable('org_keks')
        .addColumn('org_id', 'varchar(64)', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('provider', 'varchar(32)', (c) => c.notNull())
        // Null once destroyed: the ciphertext of the KEK itself is gone, not just flagged.
        .addColumn('kek_wrapped', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('org_keks_pk', ['org_id', 'version'])
        .execute();
    },
  },
  {
    version: 3,
    name: 'saml',
    async up(db) {
      // AuthnRequest IDs we issued: a response must answer one of them, once.
      await db.schema
        .createTable('saml_requests')
        .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      // Assertion IDs already consumed, kept until the assertion itself expires.
      await db.schema
        .createTable('saml_assertions')
        .addColumn('idp_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('assertion_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('saml_assertions_pk', ['idp_id', 'assertion_id'])
        .execute();
    },
  },
  auditMigration,
  auditIndexMigration,
];
