import { join } from 'node:path';
import { offlineGraceMsFromPolicy, outboxMaxBytesFromPolicy } from '@marie/enterprise-agent';
import { deviceIdOf, EncryptedLocalStore, OfflineKeyWrapper, openSecretStore, outboxPath, PolicyEngine, AuditOutbox } from '@marie/enterprise-agent/node';
import { existsSync } from 'node:fs';
import { printJson } from '../output.js';
import { agentDataDir } from './authContext.js';

/**
 * `marie audit status [--json]`: the local outbox as it stands (queue depth, oldest pending
 * event, last acknowledged sequence, last checkpoint). Read-only: opens the encrypted
 * outbox with the data key cached in the keychain, without calling the key service.
 */
export async function auditStatus(args: { json?: boolean }): Promise<number> {
  const dataDir = agentDataDir();
  const device = deviceIdOf(dataDir, false);
  if (device === null || !existsSync(outboxPath(dataDir))) {
    if (args.json) printJson({ device: null, outbox: false });
    else process.stdout.write('No audit outbox on this machine yet (nothing has been recorded).\n');
    return 0;
  }
  const engine = await PolicyEngine.start({ watch: false, pollIntervalMs: 0 });
  try {
    const secrets = await openSecretStore({ policy: { SecretStoreFallbackAllowed: engine.current.get('SecretStoreFallbackAllowed') }, weakerStorePath: join(dataDir, 'secrets.weaker') });
    const store = await EncryptedLocalStore.open({ path: outboxPath(dataDir), keyWrapper: new OfflineKeyWrapper(), secretStore: secrets, offlineGraceMs: offlineGraceMsFromPolicy({ LocalDataOfflineGracePeriod: engine.current.get('LocalDataOfflineGracePeriod') }) });
    try {
      const status = AuditOutbox.open({ run: (fn) => store.use(fn), device, maxBytes: outboxMaxBytesFromPolicy({ AuditOutboxMaxSize: engine.current.get('AuditOutboxMaxSize') }) }).status();
      if (args.json) printJson({ ...status, outbox: true, level: engine.current.get('AuditLevel') });
      else process.stdout.write(statusText(status, engine.current.get('AuditLevel')));
      return 0;
    } finally {
      store.close();
    }
  } finally {
    engine.dispose();
  }
}

function statusText(s: ReturnType<AuditOutbox['status']>, level: string): string {
  const cp = s.lastCheckpoint;
  return [
    `device:            ${s.device}`,
    `audit level:       ${level}`,
    `pending events:    ${s.pendingEvents} (${s.pendingBytes} of ${s.maxBytes} bytes)`,
    `oldest pending:    ${s.oldestPendingTime ?? '-'}`,
    `chain head:        ${s.headSeq}`,
    `last acknowledged: ${s.ackedSeq}`,
    `dropped (no room): ${s.droppedPending}`,
    `last checkpoint:   ${cp ? `${cp.seq} at ${cp.time}` : '-'}`,
    '',
  ].join('\n');
}
