import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ExportAlert, ExportDevice } from '../../common/audit/exportFormat.js';
import { classifyLine } from '../../common/audit/exportFormat.js';
import type { AuditCheckpoint, AuditRecord } from '../../common/audit/record.js';
import { ChainVerifier, type DeviceVerdict } from '../../common/audit/verifyChain.js';
import { nodeChainCrypto } from './chainCrypto.js';

export interface ExportVerdict {
  ok: boolean;
  devices: DeviceVerdict[];
  alerts: ExportAlert[];
  /** Lines that are not JSON or not a known kind: the file itself was damaged. */
  badLines: { line: number; reason: string }[];
}

/** Streams a JSON Lines export through the chain verifier; memory grows with hashes kept, not file size. */
export async function verifyExportFile(path: string): Promise<ExportVerdict> {
  const verifier = new ChainVerifier(nodeChainCrypto);
  const badLines: ExportVerdict['badLines'] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      badLines.push({ line: n, reason: 'not JSON' });
      continue;
    }
    switch (classifyLine(value)) {
      case 'device':
        verifier.addDevice(value as ExportDevice);
        break;
      case 'checkpoint':
        verifier.addCheckpoint(value as AuditCheckpoint);
        break;
      case 'alert':
        verifier.addAlert(value as ExportAlert);
        break;
      case 'event':
        verifier.addEvent(value as AuditRecord);
        break;
      default:
        badLines.push({ line: n, reason: 'not an audit export line' });
    }
  }
  const devices = verifier.finish();
  return { ok: badLines.length === 0 && devices.length > 0 && devices.every((d) => d.brokenAt === null), devices, alerts: verifier.alerts, badLines };
}
