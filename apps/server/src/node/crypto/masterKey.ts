import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

export type MasterKeySource = { kind: 'env'; value: string } | { kind: 'file'; path: string } | { kind: 'data-dir'; dir: string };

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new MasterKeyError(`master key from ${where} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

/**
 * The master key seals signing keys, upstream client secrets and KEKs at rest. A single-node
 * install gets one generated beside its data (mode 0600); replicas must share an explicit one.
 */
export function loadMasterKey(source: MasterKeySource): Buffer {
  switch (source.kind) {
    case 'env':
      return decode(source.value, 'MARIE_MASTER_KEY');
    case 'file':
      if (!existsSync(source.path)) throw new MasterKeyError(`master key file ${source.path} does not exist`);
      return decode(readFileSync(source.path, 'utf8'), source.path);
    case 'data-dir': {
      const path = join(source.dir, 'master.key');
      if (existsSync(path)) return decode(readFileSync(path, 'utf8'), path);
      const key = randomBytes(32);
      writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      return key;
    }
  }
}
