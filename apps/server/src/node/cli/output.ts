import { ConfigError } from '../config/config.js';
import { MasterKeyError } from '../crypto/masterKey.js';
import { SealError } from '../crypto/seal.js';
import { MigrationError } from '../db/migrate.js';
import { StoreError } from '../store/errors.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function out(line: string): void {
  process.stdout.write(line + '\n');
}

export function printJsonOrLines(json: boolean | undefined, value: unknown, lines: () => string[]): void {
  if (json) out(JSON.stringify(value, null, 2));
  else for (const l of lines()) out(l);
}

/** Known failures print one clear line and exit 2 (usage) or 1; anything else is a bug. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`marie-server: ${e.message}\nRun marie-server --help for usage.\n`);
    return 2;
  }
  if (e instanceof ConfigError || e instanceof MasterKeyError || e instanceof SealError || e instanceof MigrationError || e instanceof StoreError) {
    process.stderr.write(`marie-server: ${e.message}\n`);
    return 1;
  }
  const code = (e as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`marie-server: the port is already in use\n`);
    return 1;
  }
  if (code === 'ECONNREFUSED' || code === '3D000' || code === '28P01') {
    process.stderr.write(`marie-server: cannot reach the database (${code})\n`);
    return 1;
  }
  process.stderr.write(`marie-server: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
  return 1;
}
