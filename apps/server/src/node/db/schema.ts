import type { ColumnType } from 'kysely';


/** Epoch seconds are stored as bigint (PostgreSQL) / integer (SQLite) and read as numbers. */
export interface OrgTable {
  id: string;
  slug: string;
  name: string;
  /** 1 when users may be created on their first upstream sign-in. */
  allow_jit: number;
  mfa_required: number;
  /** JSON array of upstream `acr` values that count as a second factor. */
  mfa_acr_values: string;
  /** Maximum age of the upstream authentication, in seconds. */
  mfa_max_auth_age: number;
  created_at: number;
  /** Generated (has a default) so inserts may omit it. */
  kek_status: ColumnType<'active' | 'disabled' | 'destroyed', 'active' | 'disabled' | 'destroyed' | undefined>;
}

export interface IdpTable {
  id: string;
  org_id: string;
  kind: 'oidc' | 'saml';
  name: string;
  /** OIDC issuer, or the SAML IdP entity id. */
  issuer: string;
  client_id: string | null;
  /** Sealed under the master key; never stored in clear. */
  client_secret_sealed: string | null;
  saml_metadata: string | null;
  created_at: number;
}

export interface UserTable {
  id: string;
  org_id: string;
  email: string;
  name: string | null;
  groups: string;
  disabled: number;
  created_at: number;
}

export interface IdentityTable {
  idp_id: string;
  subject: string;
  user_id: string;
}

export interface OidcPayloadTable {
  kind: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface UpstreamStateTable {
  state: string;
  interaction_uid: string;
  idp_id: string;
  nonce: string;
  code_verifier: string;
  expires_at: number;
}

export interface SigningKeyTable {
  kid: string;
  alg: string;
  jwk_sealed: string;
  /** 'active' signs; 'retired' is still published so issued tokens verify until they expire. */
  status: 'active' | 'retired';
  created_at: number;
}

export interface ServerSecretTable {
  name: string;
  value_sealed: string;
}

export interface OrgKekTable {
  org_id: string;
  version: number;
  provider: string;
  kek_wrapped: string | null;
  created_at: number;
}

export interface SamlRequestTable {
  id: string;
  created_at: number;
  expires_at: number;
}

export interface SamlAssertionTable {
  idp_id: string;
  assertion_id: string;
  expires_at: number;
}

export interface MigrationTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Database {
  orgs: OrgTable;
  idps: IdpTable;
  users: UserTable;
  identities: IdentityTable;
  oidc_payloads: OidcPayloadTable;
  upstream_states: UpstreamStateTable;
  signing_keys: SigningKeyTable;
  server_secrets: ServerSecretTable;
  schema_migrations: MigrationTable;
  org_keks: OrgKekTable;
  saml_requests: SamlRequestTable;
  saml_assertions: SamlAssertionTable;
}
