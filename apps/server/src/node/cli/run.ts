import { parseArgs } from 'node:util';
import type { ConfigInput } from '../config/config.js';
import { loadConfig } from '../config/config.js';
import { withServices } from './admin.js';
import { idpCommand } from './idpCommand.js';
import { kekCommand } from './kekCommand.js';
import { orgCommand } from './orgCommand.js';
import { out, reportError, UsageError } from './output.js';
import { userCommand } from './userCommand.js';

const HELP = `marie-server — the MarieIDE backend (identity broker, organisations, keys)

Usage:
  marie-server serve [--port N] [--host ADDR] [--db URL] [--data-dir DIR] [--public-url URL] [--trust-proxy]
      Starts the server and prints its base URL on one line when ready. Without --db (or
      DATABASE_URL) it uses SQLite in the data dir (default ./.marie-server).
  marie-server org create <slug> --name NAME [--no-jit] [--mfa-required]
                          [--mfa-acr VALUE]... [--mfa-max-age SECONDS]
  marie-server org update <slug> [--name NAME] [--jit|--no-jit] [--mfa-required|--no-mfa-required]
                          [--mfa-acr VALUE]... [--mfa-max-age SECONDS]
  marie-server org list [--json]
  marie-server idp add-oidc --org SLUG --name NAME --issuer URL --client-id ID
                          [--client-secret-file FILE]   (or MARIE_IDP_CLIENT_SECRET)
  marie-server idp add-saml --org SLUG --name NAME --metadata FILE
  marie-server idp list [--org SLUG] [--json] | remove --org SLUG --name NAME
  marie-server user add --org SLUG --email EMAIL [--name NAME] [--group G]...
  marie-server user list --org SLUG [--json] | disable|enable --org SLUG --email EMAIL
  marie-server kek status|rotate|disable|enable --org SLUG [--json]
  marie-server kek destroy --org SLUG --yes
      The org's key-encryption key: rotate adds a version; disable refuses unwraps;
      destroy deletes every version (crypto-shredding, irreversible).
  marie-server keys rotate
      Adds a new token-signing key; the old one stays published. Restart replicas to use it.

Every command takes --db, --data-dir, --config FILE and --master-key-file FILE.
Environment: DATABASE_URL, MARIE_DATA_DIR, MARIE_PORT, MARIE_HOST, MARIE_PUBLIC_URL,
MARIE_MASTER_KEY (base64, 32 bytes), MARIE_MASTER_KEY_FILE, MARIE_SERVER_CONFIG, MARIE_LOG_LEVEL,
MARIE_TRUST_PROXY.
`;

const options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'data-dir': { type: 'string' },
  'public-url': { type: 'string' },
  config: { type: 'string' },
  'master-key-file': { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  jit: { type: 'boolean' },
  'no-jit': { type: 'boolean' },
  'mfa-required': { type: 'boolean' },
  'no-mfa-required': { type: 'boolean' },
  'mfa-acr': { type: 'string', multiple: true },
  'mfa-max-age': { type: 'string' },
  org: { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-file': { type: 'string' },
  metadata: { type: 'string' },
  email: { type: 'string' },
  group: { type: 'string', multiple: true },
  yes: { type: 'boolean' },
  'trust-proxy': { type: 'boolean' },
} as const;

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, action, ...rest] = positionals;
  if (v.help || command === 'help' || !command) return void out(HELP.trimEnd()), v.help || command === 'help' ? 0 : 2;
  if (v.version) return void out('marie-server 0.1.0'), 0;
  const input: ConfigInput = { port: v.port, host: v.host, db: v.db, dataDir: v['data-dir'], publicUrl: v['public-url'], masterKeyFile: v['master-key-file'], config: v.config, trustProxy: v['trust-proxy'] };
  const config = loadConfig(input, env);
  switch (command) {
    case 'serve':
      if (action) throw new UsageError('serve takes no positional arguments');
      // Loaded only here: admin commands need neither the HTTP stack nor the OpenID provider.
      return (await import('./serve.js')).serve(config);
    case 'org':
      if (rest.length > 1) throw new UsageError('org takes an action and at most one slug');
      return orgCommand(config, {
        action,
        slug: rest[0],
        name: v.name,
        jit: v.jit,
        noJit: v['no-jit'],
        mfaRequired: v['mfa-required'],
        noMfaRequired: v['no-mfa-required'],
        mfaAcr: v['mfa-acr'],
        mfaMaxAge: v['mfa-max-age'],
        json: v.json,
      });
    case 'idp':
      return idpCommand(config, { action, org: v.org, name: v.name, issuer: v.issuer, clientId: v['client-id'], clientSecretFile: v['client-secret-file'], metadata: v.metadata, json: v.json }, env);
    case 'user':
      return userCommand(config, { action, org: v.org, email: v.email, name: v.name, group: v.group, json: v.json });
    case 'kek':
      return kekCommand(config, { action, org: v.org, yes: v.yes, json: v.json });
    case 'keys':
      if (action !== 'rotate') throw new UsageError('keys takes rotate');
      return withServices(config, async (s) => {
        out(`new signing key ${await s.signingKeys.rotate()}`);
        return 0;
      });
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv, process.env);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
