import { access } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { userInfo } from 'node:os';
import { DEFAULT_MAX_POLICY_FILE_BYTES, type FileSafetyOptions } from './fileSafety.js';
import { LINUX_POLICY_ROOT, LinuxDropInReader } from './linuxDropIn.js';
import { MacManagedPreferencesReader, plutilConverter } from './macManagedPreferences.js';
import type { PolicyReader } from './types.js';
import { RegExeExportSource, RegFileExportSource, WindowsRegistryReader } from './windowsRegistry.js';

export const POLICY_ROOT_ENV = 'MARIE_POLICY_ROOT';

export interface PolicyLocationOptions {
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  userName?: string;
  /** Where the machine's installed policy would be; a test seam for the "override ignored" rule. */
  installedPolicyPath?: string;
  maxFileBytes?: number;
}

export interface PolicyLocations {
  readers: PolicyReader[];
  /** The redirected root in use, or null for the OS locations. */
  root: string | null;
  /** Problems with the configuration itself (an ignored override, say). */
  errors: string[];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function installedPath(platform: NodeJS.Platform): string | null {
  if (platform === 'darwin') return '/Library/Managed Preferences/com.marieide.MarieIDE.plist';
  if (platform === 'win32') return null;
  return LINUX_POLICY_ROOT;
}

/**
 * The readers for this machine. MARIE_POLICY_ROOT redirects every location (Linux tree at
 * the root, macOS files under `macos/`, registry exports under `windows/`), unless the machine
 * has policy installed: a user must not be able to step around IT's policy with a variable.
 */
export async function locatePolicySources(options: PolicyLocationOptions = {}): Promise<PolicyLocations> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_POLICY_FILE_BYTES;
  const userName = options.userName ?? userInfo().username;
  const errors: string[] = [];
  const override = env[POLICY_ROOT_ENV];
  if (override) {
    const installed = options.installedPolicyPath ?? installedPath(platform);
    const machineHasPolicy = installed ? await exists(installed) : platform === 'win32' && (await new RegExeExportSource().exportHive('HKLM')) !== null;
    if (!isAbsolute(override)) errors.push(`${POLICY_ROOT_ENV}=${override} ignored: not an absolute path`);
    else if (machineHasPolicy) errors.push(`${POLICY_ROOT_ENV} ignored: this machine has installed policy${installed ? ` at ${installed}` : ''}`);
    else {
      // A portable root may belong to the user running the IDE; there is no machine policy for it to bypass.
      const uid = process.getuid?.();
      const safety: FileSafetyOptions = { trustedOwners: uid === undefined || uid === 0 ? [0] : [0, uid], maxBytes };
      return {
        root: override,
        errors,
        readers: [
          new LinuxDropInReader(override, safety),
          new MacManagedPreferencesReader(join(override, 'macos'), userName, safety, platform === 'darwin' ? plutilConverter : undefined),
          new WindowsRegistryReader(new RegFileExportSource(join(override, 'windows'), safety)),
        ],
      };
    }
  }
  const safety: FileSafetyOptions = { trustedOwners: [0], maxBytes };
  if (platform === 'darwin') return { root: null, errors, readers: [new MacManagedPreferencesReader('/', userName, safety, plutilConverter)] };
  if (platform === 'win32') return { root: null, errors, readers: [new WindowsRegistryReader(new RegExeExportSource())] };
  return { root: null, errors, readers: [new LinuxDropInReader(LINUX_POLICY_ROOT, safety)] };
}
