import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStoreError, type SecretStore } from '../../common/secrets/secretStore.js';
import { keychainError } from './keychainErrors.js';
import { openSecretStore } from './openSecretStore.js';

/** A keychain whose probe fails the way @napi-rs/keyring does. */
function brokenKeychain(error: unknown): SecretStore & { probe(): Promise<void> } {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { kind: 'os-keychain', isWeaker: false, description: 'broken', get: fail, set: fail, delete: fail, probe: async () => fail().catch((e) => { throw keychainError(e, 'probe'); }) };
}

const machineSecret = Buffer.from('unit-test-machine-secret');
const weakerStorePath = async () => join(await mkdtemp(join(tmpdir(), 'marie-open-')), 'secrets.weaker');

describe('keychainError', () => {
  // The messages @napi-rs/keyring 2.1 gives for each situation, seen against gnome-keyring.
  it.each([
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'keychain-unavailable'],
    ['Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files', 'keychain-unavailable'],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'keychain-locked'],
    ['The operation was aborted', 'keychain-timeout'],
    ['Platform failure: DBus error: Did not receive a reply. Possible causes include: the remote application did not send a reply, the message bus security policy blocked the reply, the reply timeout expired, or the network connection was broken.', 'keychain-timeout'],
    ['Attribute too long', 'keychain-failed'],
  ])('%s → %s', (message, code) => {
    expect(keychainError(Object.assign(new Error(message), { code: 'GenericFailure' }), 'read').code).toBe(code);
  });

  it('treats an AbortSignal timeout as a timeout', () => {
    expect(keychainError(new DOMException('timed out', 'TimeoutError'), 'write').code).toBe('keychain-timeout');
  });
});

describe('openSecretStore', () => {
  const unavailable = new Error('Platform failure: DBus error: no bus');

  it('refuses with fallback-refused when no keychain exists and policy forbids the weaker store', async () => {
    const e = await openSecretStore({ policy: { SecretStoreFallbackAllowed: false }, weakerStorePath: await weakerStorePath(), machineSecret, keychain: brokenKeychain(unavailable) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SecretStoreError);
    expect((e as SecretStoreError).code).toBe('fallback-refused');
  });

  it('returns the weaker store, which says so, when policy allows it', async () => {
    const store = await openSecretStore({ policy: { SecretStoreFallbackAllowed: true }, weakerStorePath: await weakerStorePath(), machineSecret, keychain: brokenKeychain(unavailable) });
    expect(store.kind).toBe('weaker-file');
    expect(store.isWeaker).toBe(true);
    expect(store.description).toContain('Platform failure');
  });

  it.each([
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'keychain-locked'],
    ['The operation was aborted', 'keychain-timeout'],
    ['Platform failure: DBus error: Did not receive a reply.', 'keychain-timeout'],
    ['Attribute too long', 'keychain-failed'],
  ])('never falls back when the keychain exists but fails (%s)', async (message, code) => {
    const e = await openSecretStore({ policy: { SecretStoreFallbackAllowed: true }, weakerStorePath: await weakerStorePath(), machineSecret, keychain: brokenKeychain(new Error(message)) }).catch((x: unknown) => x);
    expect((e as SecretStoreError).code).toBe(code);
  });
});
