import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from './support/serveProcess.js';

const cli = resolve(repoRoot, 'apps/cli/dist/main.js');
let base: string;
let policyRoot: string;

function marie(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: base, encoding: 'utf8', env: { ...process.env, MARIE_POLICY_ROOT: policyRoot, MARIE_USER_DATA_DIR: join(base, 'user') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-cli-policy-')));
  policyRoot = join(base, 'policies');
  mkdirSync(join(policyRoot, 'managed'), { recursive: true });
  mkdirSync(join(policyRoot, 'recommended'), { recursive: true });
  mkdirSync(join(base, 'trusted'));
  mkdirSync(join(base, 'other'));
  writeFileSync(join(policyRoot, 'managed', '10-base.json'), JSON.stringify({ TelemetryLevel: 'error', AIEnabled: false, RequireFolderTrust: true, TrustedFolders: [join(base, 'trusted')] }));
  writeFileSync(join(policyRoot, 'managed', '20-override.json'), JSON.stringify({ TelemetryLevel: 'off', NotAPolicy: 1 }));
  writeFileSync(join(policyRoot, 'recommended', '10-rec.json'), JSON.stringify({ UpdateMode: 'manual' }));
});

describe('marie policy', () => {
  it('show --json lists every key with provenance', () => {
    const r = marie(['policy', 'show', '--json']);
    expect(r.code).toBe(0);
    const all = JSON.parse(r.out) as Array<{ key: string; value: unknown; source: string; level: string }>;
    for (const key of ['TelemetryLevel', 'AIEnabled', 'AllowedGitRemoteHosts', 'UpdateMode', 'RequireSignIn', 'MFARequired', 'AuditLevel']) {
      expect(all.map((p) => p.key)).toContain(key);
    }
    expect(all.find((p) => p.key === 'AIEnabled')).toMatchObject({ value: false, source: 'machine', level: 'mandatory' });
    expect(all.find((p) => p.key === 'UpdateMode')).toMatchObject({ value: 'manual', level: 'recommended' });
    expect(all.find((p) => p.key === 'RequireSignIn')).toMatchObject({ source: 'default' });
  });

  it('explain names the conflict between two files, and unknown keys are reported', () => {
    const r = marie(['policy', 'explain', 'TelemetryLevel', '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as { value: string; errors: string[]; overridden: unknown[] };
    expect(p.value).toBe('off');
    expect(p.errors.join('\n')).toMatch(/10-base\.json[\s\S]*20-override\.json|20-override\.json[\s\S]*10-base\.json/);
    expect(marie(['policy', 'show']).out).toMatch(/NotAPolicy/);
    expect(marie(['policy', 'explain', 'Bogus']).code).toBe(1);
  });

  it('a policy file writable by others is refused and reported, not applied', () => {
    const loose = join(policyRoot, 'managed', '30-loose.json');
    writeFileSync(loose, JSON.stringify({ AuditLevel: 'off' }), { mode: 0o666 });
    spawnSync('chmod', ['0666', loose]);
    chownSync(loose, 0, 0);
    const p = JSON.parse(marie(['policy', 'explain', 'AuditLevel', '--json']).out) as { source: string };
    expect(p.source).toBe('default');
    expect(marie(['policy', 'show']).out).toMatch(/30-loose\.json/);
  });

  it('settings: a managed setting is locked, a recommended one can be changed', () => {
    const locked = marie(['settings', 'set', 'ai.enabled', 'true']);
    expect(locked.code).toBe(1);
    expect(locked.err).toContain('E_POLICY_DENIED');
    expect(marie(['settings', 'list']).out).toMatch(/ai\.enabled = false\s+\[managed by your organization: machine policy AIEnabled\]/);
    expect(marie(['settings', 'set', 'update.mode', 'auto']).code).toBe(0);
    expect(JSON.parse(marie(['policy', 'explain', 'UpdateMode', '--json']).out)).toMatchObject({ value: 'auto', source: 'user' });
  });

  it('refuses to serve or touch an untrusted folder when trust is required', () => {
    const serve = marie(['serve', join(base, 'other')]);
    expect(serve.code).toBe(1);
    expect(serve.err).toContain('E_POLICY_DENIED');
    const fs = marie(['fs', 'ls', '.', '--root', join(base, 'other')]);
    expect(fs.code).toBe(1);
    expect(fs.err).toContain('RequireFolderTrust');
    expect(marie(['fs', 'ls', '.', '--root', join(base, 'trusted')]).code).toBe(0);
  });
});
