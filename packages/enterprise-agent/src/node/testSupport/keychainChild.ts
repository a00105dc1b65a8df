// Run by keychainScenarios.test.ts in a child process whose D-Bus session and keyring daemon
// the test controls. Prints one JSON line: what openSecretStore did. Never prints a secret.
import { randomUUID } from 'node:crypto';
import { SecretStoreError } from '../../common/secrets/secretStore.js';
import { KeychainSecretStore } from '../secrets/keychainStore.js';
import { openSecretStore } from '../secrets/openSecretStore.js';

const [fallbackAllowed, weakerStorePath, timeoutMs] = process.argv.slice(2);
const out = (v: object) => process.stdout.write(`${JSON.stringify(v)}\n`);

try {
  const store = await openSecretStore({
    policy: { SecretStoreFallbackAllowed: fallbackAllowed === 'allow' },
    weakerStorePath: weakerStorePath!,
    machineSecret: Buffer.from('child-test-machine-secret'),
    ...(timeoutMs ? { keychain: new KeychainSecretStore({ timeoutMs: Number(timeoutMs) }) } : {}),
  });
  const account = `child-${randomUUID()}`;
  await store.set('marieide.test', account, 'child-secret');
  const roundTrip = (await store.get('marieide.test', account)) === 'child-secret';
  await store.delete('marieide.test', account);
  out({ kind: store.kind, isWeaker: store.isWeaker, description: store.description, roundTrip });
} catch (e) {
  out(e instanceof SecretStoreError ? { error: e.code, message: e.message } : { unexpected: String(e) });
}
