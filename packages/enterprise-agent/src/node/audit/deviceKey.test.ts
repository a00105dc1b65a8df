import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../secrets/keychainStore.js';
import { gateOnSecretService, secretServiceAbsence } from '../testSupport/secretService.js';
import { nodeChainCrypto, signEd25519 } from './chainCrypto.js';
import { AUDIT_KEY_SERVICE, loadOrCreateDeviceKey } from './deviceKey.js';

const absent = await secretServiceAbsence();

describe('the audit device key in the real keychain', () => {
  if (!gateOnSecretService(absent, it)) return;
  const keychain = new KeychainSecretStore({ timeoutMs: 10_000 });
  const device = `dev-test-${randomUUID()}`;
  afterAll(() => keychain.delete(AUDIT_KEY_SERVICE, device));

  it('is created once, kept in the keychain, and signs verifiably', async () => {
    const first = await loadOrCreateDeviceKey(keychain, device);
    const again = await loadOrCreateDeviceKey(new KeychainSecretStore({ timeoutMs: 10_000 }), device);
    expect(again.publicKey).toBe(first.publicKey);
    expect(await keychain.get(AUDIT_KEY_SERVICE, device)).not.toBeNull();
    const sig = signEd25519(again.privateKey, 'checkpoint');
    expect(nodeChainCrypto.verifyEd25519(first.publicKey, 'checkpoint', sig)).toBe(true);
    expect(nodeChainCrypto.verifyEd25519(first.publicKey, 'checkpoinT', sig)).toBe(false);
  });
});
