import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ingestSigningText } from '../../common/audit/canonical.js';
import type { AuditCheckpoint } from '../../common/audit/record.js';
import { sha256Hex, signEd25519, type Ed25519Pair } from './chainCrypto.js';

const gzipAsync = promisify(gzip);

/** Headers that authenticate an upload as coming from the device that holds the key. */
export const DEVICE_HEADER = 'x-marie-device';
export const SIGNATURE_HEADER = 'x-marie-signature';

/**
 * What the device signs for an upload: the device id and the hash of the exact bytes sent.
 * No timestamp: a replayed upload is harmless because ingest is idempotent by (device, seq).
 */
export function ingestSigningInput(device: string, body: Uint8Array): string {
  return ingestSigningText(device, sha256Hex(body));
}

export interface IngestRequest {
  /** Over a plain ArrayBuffer (zlib never returns shared memory), as the DOM's BodyInit wants. */
  body: Buffer<ArrayBuffer>;
  headers: Record<string, string>;
}

/** Builds the gzip-compressed, signed upload. Records are passed as stored text, not re-serialised. */
export async function buildIngestRequest(device: string, key: Ed25519Pair, records: string[], checkpoint: AuditCheckpoint | null): Promise<IngestRequest> {
  const json = `{"device":${JSON.stringify(device)},"checkpoint":${JSON.stringify(checkpoint)},"events":[${records.join(',')}]}`;
  const body = (await gzipAsync(json, { level: 1 })) as Buffer<ArrayBuffer>;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      [DEVICE_HEADER]: device,
      [SIGNATURE_HEADER]: signEd25519(key.privateKey, ingestSigningInput(device, body)),
    },
  };
}
