import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudPolicy } from '../common/cloud/cloudPolicy.js';
import { InMemoryTrustStore } from '../common/cloud/trustState.js';
import { InMemoryAuditSink } from '../common/enforcement/audit.js';
import { PolicyEnforcer } from '../common/enforcement/enforcer.js';
import type { EffectivePolicies } from '../common/policy/effective.js';
import { policyShowJson } from '../common/policy/output.js';
import { generateSigningKey, signPolicyBundle } from './bundleSigning.js';
import { nodeJwsCodec } from './cloud/nodeJwsCodec.js';
import { PolicyEngine } from './engine.js';
import { LinuxDropInReader } from './readers/linuxDropIn.js';

const safety = { trustedOwners: [0, process.getuid?.() ?? 0], maxBytes: 1 << 20 };
let root: string;
let engine: PolicyEngine | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'marie-engine-'));
  await chmod(root, 0o755);
  await mkdir(join(root, 'managed'), { mode: 0o755 });
});
afterEach(async () => {
  engine?.dispose();
  engine = undefined;
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

function nextChange(e: PolicyEngine, timeoutMs = 5000): Promise<EffectivePolicies> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no change event')), timeoutMs);
    const d = e.onDidChange((set) => {
      clearTimeout(t);
      d.dispose();
      resolve(set);
    });
  });
}

describe('PolicyEngine', () => {
  it('starts from MARIE_POLICY_ROOT and reloads live when a policy file appears, changes, or goes', async () => {
    await writeFile(join(root, 'managed', '10.json'), JSON.stringify({ AIEnabled: false }));
    engine = await PolicyEngine.start({ env: { MARIE_POLICY_ROOT: root }, platform: 'linux', installedPolicyPath: join(root, 'none'), debounceMs: 50, pollIntervalMs: 0 });
    expect(engine.current.get('AIEnabled')).toBe(false);
    expect(engine.status().sources).toContainEqual({ source: 'machine', level: 'mandatory', location: join(root, 'managed'), state: 'ok' });

    let changed = nextChange(engine);
    // Editors replace files by renaming a temporary one over them.
    await writeFile(join(root, 'managed', '.tmp'), JSON.stringify({ AIEnabled: true, UpdateMode: 'manual' }));
    await rename(join(root, 'managed', '.tmp'), join(root, 'managed', '10.json'));
    let set = await changed;
    expect([set.get('AIEnabled'), set.get('UpdateMode')]).toEqual([true, 'manual']);
    expect(engine.current).toBe(set);

    changed = nextChange(engine);
    await mkdir(join(root, 'recommended'), { mode: 0o755 });
    await writeFile(join(root, 'recommended', 'r.json'), JSON.stringify({ TelemetryLevel: 'crash' }));
    set = await changed;
    // The recommended folder did not exist at start; the root's watcher noticed it.
    await vi.waitFor(() => expect(engine!.current.explain('TelemetryLevel')).toMatchObject({ value: 'crash', level: 'recommended' }), { timeout: 5000 });

    changed = nextChange(engine);
    await rm(join(root, 'managed', '10.json'));
    set = await changed;
    expect(set.get('UpdateMode')).toBe('auto');
  });

  it('keeps watching a policy folder that is deleted and created again', async () => {
    engine = await PolicyEngine.start({ readers: [new LinuxDropInReader(root, safety)], debounceMs: 50, pollIntervalMs: 0 });
    await rm(join(root, 'managed'), { recursive: true });
    await vi.waitFor(() => expect(engine!.current.sources[0]!.state).toBe('absent'), { timeout: 5000 });
    await mkdir(join(root, 'managed'), { mode: 0o755 });
    await vi.waitFor(() => expect(engine!.current.sources[0]!.state).toBe('ok'), { timeout: 5000 });
    await writeFile(join(root, 'managed', '10.json'), JSON.stringify({ UpdateMode: 'off' }));
    await vi.waitFor(() => expect(engine!.current.get('UpdateMode')).toBe('off'), { timeout: 5000 });
  });

  it('debounces a burst of writes into few reloads and never applies a half-written file', async () => {
    engine = await PolicyEngine.start({ readers: [new LinuxDropInReader(root, safety)], debounceMs: 100, pollIntervalMs: 0 });
    const seen: unknown[] = [];
    engine.onDidChange((s) => seen.push(s.get('SessionMaxAge')));
    for (let i = 1; i <= 20; i++) await writeFile(join(root, 'managed', '10.json'), JSON.stringify({ SessionMaxAge: 100 + i }));
    await vi.waitFor(() => expect(engine!.current.get('SessionMaxAge')).toBe(120), { timeout: 5000 });
    expect(seen.length).toBeLessThan(5);
    await writeFile(join(root, 'managed', '10.json'), '{"SessionMaxAge": 5');
    await vi.waitFor(() => expect(engine!.current.errors.join()).toMatch(/malformed JSON/), { timeout: 5000 });
    expect(engine.current.get('SessionMaxAge')).toBeNull();
  });

  it('re-resolves user settings without re-reading, and an explicit reload picks up changes', async () => {
    engine = await PolicyEngine.start({ readers: [new LinuxDropInReader(root, safety)], watch: false, pollIntervalMs: 0 });
    const events: EffectivePolicies[] = [];
    engine.onDidChange((s) => events.push(s));
    engine.setUserSettings({ 'telemetry.telemetryLevel': 'crash' }, '/home/u/settings.json');
    expect(engine.current.explain('TelemetryLevel')).toMatchObject({ value: 'crash', source: 'user' });
    engine.setUserSettings({ 'telemetry.telemetryLevel': 'crash' });
    expect(events).toHaveLength(1);
    await writeFile(join(root, 'managed', '10.json'), JSON.stringify({ TelemetryLevel: 'off' }));
    const [a, b] = await Promise.all([engine.reload(), engine.reload()]);
    expect(a).toBe(b);
    expect(engine.current.explain('TelemetryLevel')).toMatchObject({ value: 'off', source: 'machine', overridden: [{ source: 'user', value: 'crash' }] });
    expect(policyShowJson(engine.current)).toHaveLength(engine.current.list().length);
  });

  it('never rejects a reload when a reader throws', async () => {
    engine = await PolicyEngine.start({ readers: [{ read: () => Promise.reject(new Error('boom')), watchPaths: () => [] }], watch: false, pollIntervalMs: 0 });
    expect(engine.current.errors).toEqual(['policy reader failed: boom']);
  });

  it('applies cloud bundles, keeps the last good one, and falls back at expiry without a restart', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const start = Date.UTC(2030, 0, 1);
    vi.setSystemTime(start);
    const key = generateSigningKey('EdDSA', 'root');
    const cloud = await CloudPolicy.open({ codec: nodeJwsCodec, pinnedKeys: [key.publicJwk], issuer: 'iss', organizationId: 'org', store: new InMemoryTrustStore() });
    engine = await PolicyEngine.start({ readers: [], cloud, watch: false, pollIntervalMs: 0 });
    const audit = new InMemoryAuditSink();
    const enforcer = new PolicyEnforcer(() => engine!.current, audit);
    const s = start / 1000;
    const bundle = signPolicyBundle({ iss: 'iss', aud: 'org', version: 1, iat: s, exp: s + 60, policies: { mandatory: { SecretStoreFallbackAllowed: true, AllowedGitRemoteHosts: ['github.com'] } } }, key);
    expect(await engine.applyCloudBundle(bundle)).toMatchObject({ accepted: true });
    expect(engine.current.get('SecretStoreFallbackAllowed')).toBe(true);
    expect(() => enforcer.assertGitRemoteAllowed('https://gitlab.com/x')).toThrow(/set by your organization \(cloud policy\)/);

    const older = signPolicyBundle({ iss: 'iss', aud: 'org', version: 1, iat: s, exp: s + 600, policies: {} }, key);
    expect(await engine.applyCloudBundle(older)).toMatchObject({ accepted: false });
    expect(engine.status().cloud).toMatchObject({ state: 'active', version: 1, lastRejection: { version: 1 } });
    expect(engine.current.errors[0]).toMatch(/bundle v1 rejected .*replayed.*v1 stays in force/);

    const changes: EffectivePolicies[] = [];
    engine.onDidChange((c) => changes.push(c));
    vi.advanceTimersByTime(61_000);
    const set = changes[0]!;
    expect(set.explain('SecretStoreFallbackAllowed')).toMatchObject({ value: false, source: 'cloud' });
    expect(engine.status().cloud.state).toBe('expired');
  });
});
