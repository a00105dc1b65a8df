import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryTransportPair, ErrorCode, RpcClient, settingsContract } from '@marie/protocol';
import { createHost, type Host } from '../startHost.js';

let base: string;
let policyRoot: string;
let userDir: string;
const hosts: Host[] = [];

beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-settings-')));
  policyRoot = join(base, 'policies');
  userDir = join(base, 'user');
  mkdirSync(join(policyRoot, 'managed'), { recursive: true });
  mkdirSync(join(policyRoot, 'recommended'), { recursive: true });
});
afterEach(() => hosts.splice(0).forEach((h) => h.dispose()));

async function settings() {
  const h = await createHost({ roots: [], userDataDir: userDir, policy: { engine: { env: { MARIE_POLICY_ROOT: policyRoot }, watch: false } } });
  hosts.push(h);
  const [a, b] = createMemoryTransportPair();
  h.connect(a);
  return { h, svc: new RpcClient(b).getProxy(settingsContract) };
}

describe('user settings under policy', () => {
  it('saves a user value to settings.json and it becomes the effective policy value', async () => {
    const { h, svc } = await settings();
    const s = await svc.update({ id: 'telemetry.telemetryLevel', value: 'error' });
    expect(s).toMatchObject({ value: 'error', userValue: 'error', locked: false });
    expect(JSON.parse(readFileSync(join(userDir, 'settings.json'), 'utf8'))).toEqual({ 'telemetry.telemetryLevel': 'error' });
    expect(h.policy.engine.current.explain('TelemetryLevel')).toMatchObject({ value: 'error', source: 'user' });
    const reset = await svc.reset({ id: 'telemetry.telemetryLevel' });
    expect(reset.userValue).toBeUndefined();
    expect(reset.value).toBe('all');
  });

  it('a mandatory policy locks the setting: shown as managed, updates refused', async () => {
    writeFileSync(join(policyRoot, 'managed', 'ai.json'), JSON.stringify({ AIEnabled: false }));
    const { svc } = await settings();
    const ai = (await svc.list({})).find((s) => s.id === 'ai.enabled')!;
    expect(ai).toMatchObject({ value: false, locked: true, managedBy: { source: 'machine', level: 'mandatory' }, policy: 'AIEnabled' });
    await expect(svc.update({ id: 'ai.enabled', value: true })).rejects.toMatchObject({ code: ErrorCode.PolicyDenied });
  });

  it('a recommended policy is only a default: the user may override it', async () => {
    writeFileSync(join(policyRoot, 'recommended', 'upd.json'), JSON.stringify({ UpdateMode: 'manual' }));
    const { svc } = await settings();
    expect((await svc.list({})).find((s) => s.id === 'update.mode')).toMatchObject({ value: 'manual', locked: false, managedBy: { level: 'recommended' } });
    expect(await svc.update({ id: 'update.mode', value: 'auto' })).toMatchObject({ value: 'auto', locked: false });
  });

  it('rejects bad values and unknown settings whole, leaving the file as it was', async () => {
    const { svc } = await settings();
    await svc.update({ id: 'update.mode', value: 'off' });
    await expect(svc.update({ id: 'update.mode', value: 'sometimes' })).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
    await expect(svc.update({ id: 'no.such.setting', value: 1 })).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
    expect(JSON.parse(readFileSync(join(userDir, 'settings.json'), 'utf8'))).toEqual({ 'update.mode': 'off' });
  });

  it('a corrupt settings.json is reported, not overwritten, and the host still starts', async () => {
    mkdirSync(userDir, { recursive: true });
    writeFileSync(join(userDir, 'settings.json'), '{ not json');
    const { svc } = await settings();
    expect((await svc.list({})).find((s) => s.id === 'update.mode')!.value).toBe('auto');
    expect(readFileSync(join(userDir, 'settings.json'), 'utf8')).toBe('{ not json');
  });

  it('changes sent together all land: each is applied to the values the one before it saved', async () => {
    const { svc } = await settings();
    await Promise.all([
      svc.update({ id: 'update.mode', value: 'off' }),
      svc.update({ id: 'telemetry.telemetryLevel', value: 'crash' }),
      svc.update({ id: 'http.noProxy', value: ['corp.example'] }),
      svc.reset({ id: 'update.channel' }),
    ]);
    expect(JSON.parse(readFileSync(join(userDir, 'settings.json'), 'utf8'))).toEqual({ 'update.mode': 'off', 'telemetry.telemetryLevel': 'crash', 'http.noProxy': ['corp.example'] });
    const all = await svc.list({});
    expect(all.filter((s) => s.userValue !== undefined).map((s) => s.id)).toEqual(['telemetry.telemetryLevel', 'update.mode', 'http.noProxy']);
  });
});
