import { readFile } from 'node:fs/promises';
import { SecretStoreError } from '../../common/secrets/secretStore.js';

// systemd's and D-Bus's machine ids; readable by every local user, hence "weaker".
const LINUX_MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/**
 * The machine-bound input of the weaker store's key. On Linux the machine id, so the file is
 * useless when copied to another machine; elsewhere the caller must supply one.
 */
export async function readMachineSecret(files: readonly string[] = LINUX_MACHINE_ID_FILES): Promise<Uint8Array> {
  for (const file of files) {
    const id = await readFile(file, 'utf8').then((t) => t.trim(), () => '');
    if (/^[0-9a-f]{32}$/i.test(id)) return Buffer.from(id, 'utf8');
  }
  throw new SecretStoreError('weaker-store-unavailable', `No machine id found (${files.join(', ')}); the weaker secret store needs one.`);
}
