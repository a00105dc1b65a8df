/**
 * A real agent process for the audit crash tests: the outbox in the encrypted store (data
 * key cached in the real keychain), the device key from the keychain, checkpointer and
 * uploader. Run with the tsx loader:
 *   node --import tsx auditAgentChild.ts <dataDir> <server> <appendCount> <upload:0|1>
 * Prints `device <id> <publicKey>`, `head <seq>`, then `appended <seq>` after each durable append (each
 * 1000th beyond 1000 appends), `acked <seq>` after
 * each acknowledgement, `idle` when nothing is left. The test kills it with SIGKILL.
 */
import { KeychainSecretStore, LocalTestKeyWrapper, AuditUploader, Checkpointer, loadOrCreateDeviceKey, openAuditOutbox } from '../packages/enterprise-agent/src/node/index.js';

const [dataDir, server, countText, upload] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);

// Offline after the first start: the data key is served from its keychain cache, as on a
// disconnected laptop. (The test KEK lives in this process only; a real agent asks the server.)
const wrapper = new LocalTestKeyWrapper();
const secrets = new KeychainSecretStore({ timeoutMs: 10_000 });
let opened;
try {
  opened = await openAuditOutbox({ dataDir: dataDir!, keyWrapper: wrapper, secrets, policy: { LocalDataOfflineGracePeriod: 60 }, maxBytes: 1 << 26 });
} catch {
  wrapper.offline = true;
  opened = await openAuditOutbox({ dataDir: dataDir!, keyWrapper: wrapper, secrets, policy: { LocalDataOfflineGracePeriod: 60 }, maxBytes: 1 << 26 });
}
const { outbox, deviceId } = opened;
const key = await loadOrCreateDeviceKey(secrets, deviceId);
say(`device ${deviceId} ${key.publicKey}`);
say(`head ${outbox.head.seq}`);

const checkpointer = new Checkpointer({ outbox, key, intervalMs: 200 });
checkpointer.checkpoint();
checkpointer.start();
if (upload === '1') {
  const uploader = new AuditUploader({
    outbox,
    key,
    server: server!,
    // Small batches for the crash tests (several round trips to kill in between), large for the backlog.
    maxBatchEvents: Number(countText) > 1000 ? 1000 : 50,
    flushMs: 30,
    backoffBaseMs: 50,
    backoffMaxMs: 500,
    onResult: (r) => say(r.kind === 'acked' ? `acked ${r.ackedSeq}` : r.kind === 'idle' ? 'idle' : `retry ${r.reason.slice(0, 80)}`),
  });
  uploader.start();
}
const count = Number(countText);
for (let i = 0; i < count; i++) {
  const r = outbox.append({ action: 'git.push', target: `repo-${i}`, outcome: 'success', details: { pid: process.pid } }, 'full');
  // Every append for small runs (the crash tests kill at a given count); every 1000th for the backlog test.
  if (count <= 1000 || r!.seq % 1000 === 0) say(`appended ${r!.seq}`);
  // Yield so the uploader runs between appends.
  if (i % 10 === 9) await new Promise((res) => setTimeout(res, 5));
}
say('appends done');
