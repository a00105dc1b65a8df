import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../common/policy/resolve.js';
import { generateMobileconfig } from '../../common/templates/mobileconfig.js';
import { locatePolicySources } from './locate.js';
import { MacManagedPreferencesReader } from './macManagedPreferences.js';
import type { PolicyReader } from './types.js';
import { RegFileExportSource, WindowsRegistryReader } from './windowsRegistry.js';

const asRoot = process.getuid?.() === 0;
const safety = { trustedOwners: [0, process.getuid?.() ?? 0], maxBytes: 1024 * 1024 };
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'marie-os-policy-'));
  await chmod(root, 0o755);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(rel: string, text: string | Buffer) {
  const path = join(root, rel);
  await mkdir(join(path, '..'), { recursive: true, mode: 0o755 });
  await writeFile(path, text);
  return path;
}

async function resolveWith(reader: PolicyReader) {
  const layers = await reader.read();
  const r = resolvePolicies({ layers });
  return { layers, r, get: (k: string) => r.policies.find((p) => p.key === k)! };
}

const plist = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${body}</dict></plist>`;

describe('macOS managed preferences (fixtures)', () => {
  const reader = () => new MacManagedPreferencesReader(join(root, 'macos'), 'alice', safety);

  it('reads forced machine values as mandatory, the user\'s as user-os, and /Library/Preferences as recommended', async () => {
    await write('macos/Library/Managed Preferences/com.marieide.MarieIDE.plist', plist('<key>AIEnabled</key><false/><key>PayloadUUID</key><string>x</string><key>AllowedGitRemoteHosts</key><array><string>github.com</string></array>'));
    await write('macos/Library/Managed Preferences/alice/com.marieide.MarieIDE.plist', plist('<key>UpdateMode</key><string>manual</string><key>AIEnabled</key><true/>'));
    await write('macos/Library/Preferences/com.marieide.MarieIDE.plist', plist('<key>TelemetryLevel</key><string>crash</string>'));
    const { get, r } = await resolveWith(reader());
    expect(r.errors).toEqual([]);
    expect(get('AIEnabled')).toMatchObject({ value: false, source: 'machine', level: 'mandatory', overridden: [{ source: 'user-os', value: true }] });
    expect(get('AllowedGitRemoteHosts').value).toEqual(['github.com']);
    expect(get('UpdateMode')).toMatchObject({ value: 'manual', source: 'user-os', scope: 'user' });
    expect(get('TelemetryLevel')).toMatchObject({ value: 'crash', source: 'machine', level: 'recommended' });
  });

  it('accepts the generated configuration profile\'s payload as a managed preferences file', async () => {
    // The payload dict of the template is exactly what macOS writes to Managed Preferences.
    const payload = /<key>PayloadContent<\/key>\s*<array>\s*(<dict>[\s\S]*?<\/dict>)\s*<\/array>/.exec(generateMobileconfig())![1]!;
    await write('macos/Library/Managed Preferences/com.marieide.MarieIDE.plist', `<?xml version="1.0"?><plist version="1.0">${payload}</plist>`);
    const { r } = await resolveWith(reader());
    expect(r.errors).toEqual([]);
    expect(r.policies.flatMap((p) => p.errors)).toEqual([]);
    expect(r.policies.find((p) => p.key === 'TelemetryLevel')).toMatchObject({ value: 'error', source: 'machine' });
  });

  it('reports malformed and binary property lists and wrongly typed values', async () => {
    const bad = await write('macos/Library/Managed Preferences/com.marieide.MarieIDE.plist', '<plist><dict><key>AIEnabled</key>');
    await write('macos/Library/Preferences/com.marieide.MarieIDE.plist', Buffer.concat([Buffer.from('bplist00'), Buffer.alloc(30)]));
    await write('macos/Library/Managed Preferences/alice/com.marieide.MarieIDE.plist', plist('<key>UpdateMode</key><integer>1</integer>'));
    const { r, get } = await resolveWith(reader());
    expect(r.errors[0]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: malformed property list`));
    expect(r.errors[1]).toMatch(/binary property list and no converter/);
    expect(get('UpdateMode')).toMatchObject({ value: 'auto', source: 'default' });
    expect(get('UpdateMode').errors[0]).toMatch(/alice\/com\.marieide\.MarieIDE\.plist: value rejected/);
  });

  it.skipIf(!asRoot)('refuses a managed preferences file not owned by root', async () => {
    const path = await write('macos/Library/Managed Preferences/com.marieide.MarieIDE.plist', plist('<key>AIEnabled</key><false/>'));
    await chown(path, 501, 20);
    const { r, get } = await resolveWith(new MacManagedPreferencesReader(join(root, 'macos'), 'alice', { trustedOwners: [0], maxBytes: 1 << 20 }));
    expect(r.errors).toEqual([`${path}: refused (owned by uid 501, not root)`]);
    expect(get('AIEnabled').value).toBe(true);
  });
});

const reg = (hive: string, body: string) => `Windows Registry Editor Version 5.00\r\n\r\n${body.replace(/HIVE/g, hive).replace(/\n/g, '\r\n')}`;

describe('Windows registry (fixtures)', () => {
  const reader = () => new WindowsRegistryReader(new RegFileExportSource(join(root, 'windows'), safety));

  it('reads HKLM then HKCU, each with Recommended, lists as numbered values, objects as JSON', async () => {
    await write(
      'windows/HKLM.reg',
      reg(
        'HKEY_LOCAL_MACHINE',
        `[HIVE\\Software\\Policies\\MarieIDE]
"AIEnabled"=dword:00000000
"TelemetryLevel"="error"
"AllowedExtensions"="{\\"*\\": false, \\"microsoft\\": true}"
"SessionMaxAge"=dword:0000003c

[HIVE\\Software\\Policies\\MarieIDE\\AllowedGitRemoteHosts]
"1"="github.com"
"2"="*.corp.example"

[HIVE\\Software\\Policies\\MarieIDE\\Recommended]
"UpdateChannel"="insiders"
`,
      ),
    );
    // UTF-16LE with a BOM, as reg.exe writes.
    const hkcu = reg('HKEY_CURRENT_USER', `[HIVE\\Software\\Policies\\MarieIDE]\n"TelemetryLevel"="crash"\n"AIEnabled"=dword:00000001\n"EnrollmentToken"="x"\n`);
    await write('windows/HKCU.reg', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(hkcu, 'utf16le')]));
    const { get } = await resolveWith(reader());
    expect(get('AIEnabled')).toMatchObject({ value: false, source: 'machine' });
    expect(get('TelemetryLevel')).toMatchObject({ value: 'crash', source: 'user-os' });
    expect(get('AllowedExtensions').value).toEqual({ '*': false, microsoft: true });
    expect(get('SessionMaxAge').value).toBe(60);
    expect(get('AllowedGitRemoteHosts').value).toEqual(['github.com', '*.corp.example']);
    expect(get('UpdateChannel')).toMatchObject({ value: 'insiders', level: 'recommended' });
    expect(get('EnrollmentToken').errors).toEqual(['HKCU\\Software\\Policies\\MarieIDE\\EnrollmentToken: EnrollmentToken cannot be set by user-os policy; ignored']);
  });

  it('rejects wrongly typed registry values whole and ignores a malformed export', async () => {
    await write('windows/HKLM.reg', reg('HKEY_LOCAL_MACHINE', `[HIVE\\Software\\Policies\\MarieIDE]\n"AIEnabled"="0"\n"AllowedExtensions"="{not json"\n\n[HIVE\\Software\\Policies\\MarieIDE\\AllowedGitRemoteHosts]\n"1"="github.com"\n"2"=dword:00000001\n`));
    await write('windows/HKCU.reg', 'garbage');
    const { get, r } = await resolveWith(reader());
    expect(get('AIEnabled')).toMatchObject({ value: true, source: 'default' });
    expect(get('AIEnabled').errors[0]).toBe('HKLM\\Software\\Policies\\MarieIDE\\AIEnabled: value rejected (Expected boolean, received string); a lower source applies');
    expect(get('AllowedExtensions').errors[0]).toMatch(/malformed JSON/);
    expect(get('AllowedGitRemoteHosts').value).toEqual(['*']);
    expect(r.errors).toEqual([`${join(root, 'windows', 'HKCU.reg')}: line 1: not a registry export; ignored`]);
  });
});

describe('MARIE_POLICY_ROOT', () => {
  it('redirects the Linux tree and the other OS fixtures', async () => {
    await write('managed/10.json', JSON.stringify({ AIEnabled: false }));
    await write('macos/Library/Managed Preferences/com.marieide.MarieIDE.plist', plist('<key>UpdateMode</key><string>off</string>'));
    await write('windows/HKLM.reg', reg('HKEY_LOCAL_MACHINE', `[HIVE\\Software\\Policies\\MarieIDE]\n"TelemetryLevel"="off"\n`));
    const located = await locatePolicySources({ env: { MARIE_POLICY_ROOT: root }, platform: 'linux', userName: 'alice', installedPolicyPath: join(root, 'not-installed') });
    expect(located).toMatchObject({ root, errors: [] });
    const layers = (await Promise.all(located.readers.map((r) => r.read()))).flat();
    const r = resolvePolicies({ layers });
    const get = (k: string) => r.policies.find((p) => p.key === k)!;
    expect([get('AIEnabled').value, get('UpdateMode').value, get('TelemetryLevel').value]).toEqual([false, 'off', 'off']);
  });

  it('is ignored when the machine has policy installed, or when not absolute', async () => {
    const installed = await write('installed', '');
    const ignored = await locatePolicySources({ env: { MARIE_POLICY_ROOT: root }, platform: 'linux', installedPolicyPath: installed });
    expect(ignored.root).toBeNull();
    expect(ignored.errors).toEqual([`MARIE_POLICY_ROOT ignored: this machine has installed policy at ${installed}`]);
    expect((await locatePolicySources({ env: { MARIE_POLICY_ROOT: 'rel/path' }, platform: 'linux' })).errors[0]).toMatch(/not an absolute path/);
    expect((await locatePolicySources({ env: {}, platform: 'linux' })).root).toBeNull();
  });
});
