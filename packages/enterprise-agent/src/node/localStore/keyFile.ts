import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';
import { writeFileAtomic } from '../fs/atomicFile.js';

/**
 * Beside the database: the data key wrapped by the KEK (useless without the key service) and
 * a check value that tells a wrong key from a damaged database.
 */
const keyFileSchema = z.object({
  v: z.literal(1),
  storeId: z.string().min(1),
  kekId: z.string().min(1),
  blob: z.string().min(1),
  check: z.string().min(1),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyFilePath(databasePath: string): string {
  return `${databasePath}.key`;
}

/** HMAC of the store id under the data key: reveals nothing about the key, but only it matches. */
export function keyCheck(dataKey: Uint8Array, storeId: string): string {
  return createHmac('sha256', dataKey).update(`marieide local store key check\0${storeId}`).digest('base64url');
}

export function keyMatches(dataKey: Uint8Array, file: KeyFile): boolean {
  const a = Buffer.from(keyCheck(dataKey, file.storeId));
  const b = Buffer.from(file.check);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function readKeyFile(path: string): Promise<KeyFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw new LocalStoreError('key-file-invalid', `${path} is damaged or not a local store key file`);
  return parsed.data;
}

export function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(file));
}
