import type { Db } from './db/connect.js';
import { KekService } from './keys/kekService.js';
import type { KeyProvider } from './keys/keyProvider.js';
import { MasterKeyProvider } from './keys/keyProvider.js';
import { SigningKeyStore } from './oidc/signingKeys.js';
import { IdpStore } from './store/idps.js';
import { OrgStore } from './store/orgs.js';
import { UserStore } from './store/users.js';

/** Everything the HTTP layer and the CLI share, built once per process. */
export interface Services {
  db: Db;
  masterKey: Buffer;
  orgs: OrgStore;
  idps: IdpStore;
  users: UserStore;
  signingKeys: SigningKeyStore;
  keks: KekService;
}

export function createServices(db: Db, masterKey: Buffer, keyProvider: KeyProvider = new MasterKeyProvider(masterKey)): Services {
  return {
    db,
    masterKey,
    orgs: new OrgStore(db.kysely),
    idps: new IdpStore(db.kysely, masterKey),
    users: new UserStore(db.kysely),
    signingKeys: new SigningKeyStore(db.kysely, masterKey),
    keks: new KekService(db.kysely, keyProvider),
  };
}
