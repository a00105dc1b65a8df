import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { trustStateSchema, type CloudTrustState, type TrustStore } from '../../common/cloud/trustState.js';

/**
 * The trusted cloud state as a JSON file, replaced atomically (write, fsync, rename) and
 * readable by its owner only. Tampering can at most lose trust: keys are always re-derived
 * from the pinned root through signed endorsements.
 */
export class FileTrustStore implements TrustStore {
  constructor(private readonly path: string) {}

  async load(): Promise<CloudTrustState | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const parsed = trustStateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error('unexpected format');
    return parsed.data;
  }

  async save(state: CloudTrustState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(state));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}
