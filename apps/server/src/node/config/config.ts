import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { DbTarget } from '../db/connect.js';
import type { MasterKeySource } from '../crypto/masterKey.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const fileSchema = z
  .object({
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1).optional(),
    db: z.string().optional(),
    dataDir: z.string().optional(),
    publicUrl: z.string().optional(),
    masterKeyFile: z.string().optional(),
    trustProxy: z.boolean().optional(),
  })
  .strict();

export type ConfigInput = Omit<z.infer<typeof fileSchema>, 'port'> & { port?: string | number; config?: string };

function parseBool(v: string | undefined, where: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(`${where} must be true or false`);
}

export interface ServerConfig {
  port: number;
  host: string;
  db: DbTarget;
  dataDir: string;
  /** Our issuer; undefined means "http://<host>:<bound port>" once listening. */
  publicUrl: string | undefined;
  masterKey: MasterKeySource;
  /** Believe X-Forwarded-* (client address, scheme) only behind a proxy we control. */
  trustProxy: boolean;
}

function parsePort(v: string | number | undefined, where: string): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${where}: port must be an integer 0–65535 (got ${JSON.stringify(v)})`);
  return n;
}

function parseDb(url: string, where: string): DbTarget {
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`${where}: not a valid PostgreSQL URL`);
    }
    return { kind: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(url.slice('sqlite:'.length)) };
  // Never echo the URL: it may carry a password.
  throw new ConfigError(`${where}: database URL must start with postgres://, postgresql:// or sqlite:`);
}

function parsePublicUrl(v: string, where: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${where}: public URL ${JSON.stringify(v)} is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${where}: public URL must be https (plain http only on loopback)`);
  }
  if (u.search || u.hash) throw new ConfigError(`${where}: public URL must not have a query or fragment`);
  return u.toString().replace(/\/$/, '');
}

function readFile(path: string): z.infer<typeof fileSchema> {
  if (!existsSync(path)) throw new ConfigError(`config file ${path} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`config file ${path}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Flags win over the environment, which wins over the config file, which wins over defaults. */
export function loadConfig(flags: ConfigInput, env: NodeJS.ProcessEnv): ServerConfig {
  const configPath = flags.config ?? env.MARIE_SERVER_CONFIG;
  const file = configPath ? readFile(configPath) : {};
  const dataDir = resolve(flags.dataDir ?? env.MARIE_DATA_DIR ?? file.dataDir ?? '.marie-server');
  const port = parsePort(flags.port, '--port') ?? parsePort(env.MARIE_PORT, 'MARIE_PORT') ?? parsePort(file.port, 'config port') ?? 8470;
  const host = flags.host ?? env.MARIE_HOST ?? file.host ?? '127.0.0.1';
  const dbUrl = flags.db ?? env.DATABASE_URL ?? file.db;
  const db = dbUrl ? parseDb(dbUrl, flags.db ? '--db' : env.DATABASE_URL ? 'DATABASE_URL' : 'config db') : { kind: 'sqlite' as const, file: join(dataDir, 'marie.db') };
  const rawPublic = flags.publicUrl ?? env.MARIE_PUBLIC_URL ?? file.publicUrl;
  const publicUrl = rawPublic ? parsePublicUrl(rawPublic, flags.publicUrl ? '--public-url' : 'MARIE_PUBLIC_URL') : undefined;
  const keyFile = flags.masterKeyFile ?? env.MARIE_MASTER_KEY_FILE ?? file.masterKeyFile;
  const masterKey: MasterKeySource = env.MARIE_MASTER_KEY
    ? { kind: 'env', value: env.MARIE_MASTER_KEY }
    : keyFile
      ? { kind: 'file', path: resolve(keyFile) }
      : { kind: 'data-dir', dir: dataDir };
  if (db.kind === 'postgres' && masterKey.kind === 'data-dir') {
    // Replicas share the database, so a key generated on one node would lock out the others.
    throw new ConfigError('with PostgreSQL, set MARIE_MASTER_KEY or --master-key-file so every replica shares the master key');
  }
  const trustProxy = flags.trustProxy ?? parseBool(env.MARIE_TRUST_PROXY, 'MARIE_TRUST_PROXY') ?? file.trustProxy ?? false;
  return { port, host, db, dataDir, publicUrl, masterKey, trustProxy };
}
