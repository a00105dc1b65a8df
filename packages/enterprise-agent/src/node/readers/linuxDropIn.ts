import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicyLevel } from '@marie/protocol';
import { emptyLayer, type PolicyLayer } from '../../common/policy/layers.js';
import { checkPolicyDirectory, decodePolicyText, readPolicyFile, type FileSafetyOptions } from './fileSafety.js';
import type { PolicyReader } from './types.js';

export const LINUX_POLICY_ROOT = '/etc/marieide/policies';
const MAX_FILES = 256;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `<root>/managed/*.json` (mandatory) and `<root>/recommended/*.json`, in lexical order.
 * A bad file is skipped whole and reported; the other files still apply.
 */
export class LinuxDropInReader implements PolicyReader {
  constructor(
    private readonly root: string,
    private readonly safety: FileSafetyOptions,
  ) {}

  watchPaths(): string[] {
    return [this.root, join(this.root, 'managed'), join(this.root, 'recommended')];
  }

  async read(): Promise<PolicyLayer[]> {
    const rootCheck = await checkPolicyDirectory(this.root, this.safety);
    const out: PolicyLayer[] = [];
    for (const [folder, level] of [['managed', 'mandatory'], ['recommended', 'recommended']] as [string, PolicyLevel][]) {
      const dir = join(this.root, folder);
      if (!rootCheck.ok && !rootCheck.absent) {
        const layer = emptyLayer('machine', level, 'machine', dir, 'refused');
        layer.errors.push(`${this.root}: policy folder refused (${rootCheck.reason})`);
        out.push(layer);
        continue;
      }
      out.push(await this.readFolder(dir, level));
    }
    return out;
  }

  private async readFolder(dir: string, level: PolicyLevel): Promise<PolicyLayer> {
    const check = await checkPolicyDirectory(dir, this.safety);
    if (!check.ok) {
      const layer = emptyLayer('machine', level, 'machine', dir, check.absent ? 'absent' : 'refused');
      if (!check.absent) layer.errors.push(`${dir}: policy folder refused (${check.reason})`);
      return layer;
    }
    const layer = emptyLayer('machine', level, 'machine', dir, 'ok');
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    } catch (e) {
      layer.state = 'error';
      layer.errors.push(`${dir}: unreadable (${(e as NodeJS.ErrnoException).code})`);
      return layer;
    }
    // Code-unit order, not locale order: the same on every machine.
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (names.length > MAX_FILES) {
      layer.errors.push(`${dir}: ${names.length} files; only the first ${MAX_FILES} are read`);
      names = names.slice(0, MAX_FILES);
    }
    for (const name of names) {
      const path = join(dir, name);
      const problem = await this.readFile(path, check.real, layer);
      if (problem) {
        layer.state = 'error';
        layer.errors.push(`${path}: ${problem}; file ignored`);
      }
    }
    return layer;
  }

  private async readFile(path: string, folderReal: string, layer: PolicyLayer): Promise<string | null> {
    const read = await readPolicyFile(path, folderReal, this.safety);
    if (!read.ok) return read.absent ? null : `refused (${read.reason})`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodePolicyText(read.bytes).replace(/^\uFEFF/, ''));
    } catch (e) {
      return `malformed JSON (${(e as Error).message})`;
    }
    if (!isPlainObject(parsed)) return 'expected one JSON object of policy keys';
    for (const [key, value] of Object.entries(parsed)) layer.entries.push({ key, value, origin: path });
    return null;
  }
}
