import { spawnSync } from 'node:child_process';
import { KeychainSecretStore } from '../secrets/keychainStore.js';

export const HOW_TO_RUN = "Run inside `dbus-run-session` with an unlocked `gnome-keyring-daemon --unlock --components=secrets` (scripts/test.sh does)";

/** Why the real Secret Service cannot be used here, or null when it works. */
export async function secretServiceAbsence(): Promise<string | null> {
  if (process.platform !== 'linux') return `the Secret Service tests are for Linux (this is ${process.platform})`;
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)';
  try {
    await new KeychainSecretStore({ timeoutMs: 10_000 }).probe();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why the child-process keychain scenarios cannot run here (they start their own bus and daemon), or null. */
export function keyringToolsAbsence(): string | null {
  if (process.platform !== 'linux') return `the keyring scenarios are for Linux (this is ${process.platform})`;
  for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install dbus gnome-keyring)`;
  }
  return null;
}

/**
 * Declares the suite's fate when its Secret Service is missing: one failing test that says
 * how to run it, never a skip (a skipped keychain test would pass for a missing keychain).
 * Returns true when the real tests should be declared.
 */
export function gateOnSecretService(absent: string | null, it: (name: string, fn: () => void) => void): boolean {
  if (absent === null) return true;
  it('has what the keychain tests need', () => {
    throw new Error(`Keychain tests cannot run: ${absent}. ${HOW_TO_RUN}.`);
  });
  return false;
}
