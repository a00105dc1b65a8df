// Run by bufferLedger.test.ts: an agent process on a device that has no outbox yet records
// `count` security events (they wait in memory), prints "held", then exits by `how`:
// "exit" ends normally, "wait" stays until the test kills it.
import { AuditAgent } from '../audit/auditAgent.js';

const [dataDir, count, how] = process.argv.slice(2);
const agent = new AuditAgent({
  dataDir: dataDir!,
  secrets: () => Promise.reject(new Error('an agent that was never signed in does not open the keychain')),
  policy: () => ({ AuditLevel: 'security', AuditUploadEndpoint: null, AuditOutboxMaxSize: 64, LocalDataOfflineGracePeriod: 60 }),
  onError: (e, where) => process.stderr.write(`${where}: ${(e as Error).message}\n`),
});
for (let i = 0; i < Number(count); i++) agent.recorder.record({ action: 'auth.refused', target: `secret-target-${i}`, outcome: 'denied', actor: null });
process.stdout.write(`held ${agent.state} ${agent.buffer.events.length}\n`);
if (how === 'wait') setInterval(() => undefined, 60_000);
