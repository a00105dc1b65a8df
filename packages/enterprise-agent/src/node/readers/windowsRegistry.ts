import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseRegFile } from '../../common/formats/regFile.js';
import { registryPolicyLayers } from '../../common/formats/registryPolicies.js';
import { REGISTRY_POLICY_KEY } from '../../common/formats/registryLayout.js';
import { emptyLayer, type PolicyLayer } from '../../common/policy/layers.js';
import { checkPolicyDirectory, decodePolicyText, readPolicyFile, type FileSafetyOptions } from './fileSafety.js';
import type { PolicyReader } from './types.js';

export type Hive = 'HKLM' | 'HKCU';

/** Produces a `.reg` export of `<hive>\Software\Policies\MarieIDE`, or null when the key does not exist. */
export interface RegistryExportSource {
  exportHive(hive: Hive): Promise<string | null>;
  describe(hive: Hive): string;
  watchPaths(): string[];
}

/** The real registry, through `reg.exe export` (64-bit view). */
export class RegExeExportSource implements RegistryExportSource {
  async exportHive(hive: Hive): Promise<string | null> {
    const dir = await mkdtemp(join(tmpdir(), 'marie-reg-'));
    const file = join(dir, 'policy.reg');
    try {
      await promisify(execFile)('reg.exe', ['export', `${hive}\\${REGISTRY_POLICY_KEY}`, file, '/y', '/reg:64'], { windowsHide: true });
    } catch {
      await rm(dir, { recursive: true, force: true });
      return null;
    }
    try {
      return decodePolicyText(await readFile(file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  describe(hive: Hive): string {
    return `${hive}\\${REGISTRY_POLICY_KEY}`;
  }

  watchPaths(): string[] {
    return [];
  }
}

/** Fixtures: `<dir>/HKLM.reg` and `<dir>/HKCU.reg`, held to the same file checks as any policy file. */
export class RegFileExportSource implements RegistryExportSource {
  constructor(
    private readonly dir: string,
    private readonly safety: FileSafetyOptions,
  ) {}

  async exportHive(hive: Hive): Promise<string | null> {
    const check = await checkPolicyDirectory(this.dir, this.safety);
    if (!check.ok) {
      if (check.absent) return null;
      throw new Error(`folder refused (${check.reason})`);
    }
    const read = await readPolicyFile(join(this.dir, `${hive}.reg`), check.real, this.safety);
    if (!read.ok) {
      if (read.absent) return null;
      throw new Error(`refused (${read.reason})`);
    }
    return decodePolicyText(read.bytes);
  }

  describe(hive: Hive): string {
    return join(this.dir, `${hive}.reg`);
  }

  watchPaths(): string[] {
    return [this.dir];
  }
}

/** HKLM (machine) then HKCU (user), each with its Recommended subkey. */
export class WindowsRegistryReader implements PolicyReader {
  constructor(private readonly source: RegistryExportSource) {}

  watchPaths(): string[] {
    return this.source.watchPaths();
  }

  async read(): Promise<PolicyLayer[]> {
    const out: PolicyLayer[] = [];
    for (const hive of ['HKLM', 'HKCU'] as Hive[]) {
      const source = hive === 'HKLM' ? 'machine' : 'user-os';
      const scope = hive === 'HKLM' ? 'machine' : 'user';
      const where = this.source.describe(hive);
      try {
        const text = await this.source.exportHive(hive);
        if (text === null) {
          out.push(emptyLayer(source, 'mandatory', scope, where), emptyLayer(source, 'recommended', scope, where));
          continue;
        }
        out.push(...registryPolicyLayers(parseRegFile(text, hive), hive));
      } catch (e) {
        // The hive is ignored whole: a half-read registry export is never applied.
        const layer = emptyLayer(source, 'mandatory', scope, where, 'error');
        layer.errors.push(`${where}: ${(e as Error).message}; ignored`);
        out.push(layer, emptyLayer(source, 'recommended', scope, where, 'error'));
      }
    }
    return out;
  }
}
