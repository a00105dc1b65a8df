import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { ManagedPolicySource, PolicyLevel, PolicyScope } from '@marie/protocol';
import { parsePlist } from '../../common/formats/plist.js';
import { emptyLayer, type PolicyLayer } from '../../common/policy/layers.js';
import { MACOS_PREFERENCE_DOMAIN } from '../../common/templates/mobileconfig.js';
import { checkPolicyDirectory, decodePolicyText, readPolicyFile, type FileSafetyOptions } from './fileSafety.js';
import type { PolicyReader } from './types.js';

/** Turns a binary property list into XML; on macOS `plutil`, elsewhere absent (binary files are then reported). */
export type PlistConverter = (bytes: Buffer) => Promise<string>;

export const plutilConverter: PlistConverter = (bytes) =>
  new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', '--', '-'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`plutil exited with ${code}`))));
    child.stdin.end(bytes);
  });

// Profile bookkeeping that MDM tools leave next to the preference keys.
const metadataKey = /^(?:Payload|mcx_)/;

interface PlistSource {
  path: string;
  source: ManagedPolicySource;
  level: PolicyLevel;
  scope: PolicyScope;
}

/**
 * Managed preferences for com.marieide.MarieIDE. Forced values (under Managed Preferences)
 * are mandatory: the machine's file, then the user's; values an admin put in
 * /Library/Preferences are recommended. `base` is `/` on a Mac and `$MARIE_POLICY_ROOT/macos` in tests.
 */
export class MacManagedPreferencesReader implements PolicyReader {
  constructor(
    private readonly base: string,
    private readonly userName: string,
    private readonly safety: FileSafetyOptions,
    private readonly convert?: PlistConverter,
  ) {}

  private sources(): PlistSource[] {
    const file = `${MACOS_PREFERENCE_DOMAIN}.plist`;
    const managed = join(this.base, 'Library', 'Managed Preferences');
    return [
      { path: join(managed, file), source: 'machine', level: 'mandatory', scope: 'machine' },
      { path: join(managed, this.userName, file), source: 'user-os', level: 'mandatory', scope: 'user' },
      { path: join(this.base, 'Library', 'Preferences', file), source: 'machine', level: 'recommended', scope: 'machine' },
    ];
  }

  watchPaths(): string[] {
    return [...new Set(this.sources().map((s) => dirname(s.path)))];
  }

  async read(): Promise<PolicyLayer[]> {
    return Promise.all(this.sources().map((s) => this.readOne(s)));
  }

  private async readOne(s: PlistSource): Promise<PolicyLayer> {
    const layer = emptyLayer(s.source, s.level, s.scope, s.path);
    const fail = (state: PolicyLayer['state'], message: string) => {
      layer.state = state;
      layer.errors.push(`${s.path}: ${message}`);
      return layer;
    };
    const dir = await checkPolicyDirectory(dirname(s.path), this.safety);
    if (!dir.ok) return dir.absent ? layer : fail('refused', `folder refused (${dir.reason})`);
    const read = await readPolicyFile(s.path, dir.real, this.safety);
    if (!read.ok) return read.absent ? layer : fail('refused', `refused (${read.reason})`);
    let dict: unknown;
    try {
      let xml: string;
      if (read.bytes.subarray(0, 8).toString('latin1') === 'bplist00') {
        if (!this.convert) throw new Error('binary property list and no converter on this platform');
        xml = await this.convert(read.bytes);
      } else xml = decodePolicyText(read.bytes);
      dict = parsePlist(xml);
    } catch (e) {
      return fail('error', `malformed property list (${(e as Error).message}); file ignored`);
    }
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) return fail('error', 'expected a dictionary of policy keys; file ignored');
    layer.state = 'ok';
    for (const [key, value] of Object.entries(dict)) if (!metadataKey.test(key)) layer.entries.push({ key, value, origin: s.path });
    return layer;
  }
}
