import { describe, expect, it } from 'vitest';
import type { ManagedPolicySource, PolicyLevel } from '@marie/protocol';
import { emptyLayer, type PolicyLayer } from './layers.js';
import { resolvePolicies } from './resolve.js';

function layer(source: ManagedPolicySource, level: PolicyLevel, values: Record<string, unknown>, origin = `${source}-${level}.json`): PolicyLayer {
  const l = emptyLayer(source, level, source === 'user-os' ? 'user' : 'machine', origin, 'ok');
  for (const [key, value] of Object.entries(values)) l.entries.push({ key, value, origin });
  return l;
}

function get(r: ReturnType<typeof resolvePolicies>, key: string) {
  return r.policies.find((p) => p.key === key)!;
}

describe('precedence', () => {
  const all = (v: Record<string, unknown>) => v;
  it('orders machine > cloud > user-os > user > recommended (machine > cloud > user-os) > default', () => {
    const layers = [
      layer('user-os', 'recommended', all({ UpdateMode: 'off' })),
      layer('cloud', 'recommended', all({ UpdateMode: 'manual' })),
      layer('machine', 'recommended', all({ UpdateMode: 'auto' })),
      layer('user-os', 'mandatory', all({ UpdateMode: 'off' })),
      layer('cloud', 'mandatory', all({ UpdateMode: 'manual' })),
      layer('machine', 'mandatory', all({ UpdateMode: 'auto' })),
    ];
    const user = { 'update.mode': 'off' };
    const steps: [number, unknown, string, string][] = [
      [6, 'auto', 'machine', 'mandatory'],
      [5, 'manual', 'cloud', 'mandatory'],
      [4, 'off', 'user-os', 'mandatory'],
      [3, 'off', 'user', 'recommended'],
    ];
    for (const [n, value, source, level] of steps) {
      const r = resolvePolicies({ layers: layers.slice(0, n), userSettings: user });
      expect(get(r, 'UpdateMode'), `${n} layers`).toMatchObject({ value, source, level });
    }
    expect(get(resolvePolicies({ layers: layers.slice(0, 3) }), 'UpdateMode')).toMatchObject({ value: 'auto', source: 'machine', level: 'recommended' });
    expect(get(resolvePolicies({ layers: layers.slice(0, 2) }), 'UpdateMode')).toMatchObject({ value: 'manual', source: 'cloud', level: 'recommended' });
    expect(get(resolvePolicies({ layers: layers.slice(0, 1) }), 'UpdateMode')).toMatchObject({ value: 'off', source: 'user-os', level: 'recommended', scope: 'user' });
    expect(get(resolvePolicies({ layers: [] }), 'UpdateMode')).toEqual({ key: 'UpdateMode', value: 'auto', source: 'default', level: 'recommended', scope: 'machine', overridden: [], errors: [] });
  });

  it('lists every overridden source with its value', () => {
    const r = resolvePolicies({ layers: [layer('machine', 'mandatory', { UpdateMode: 'manual' }), layer('machine', 'recommended', { UpdateMode: 'auto' })], userSettings: { 'update.mode': 'off' } });
    expect(get(r, 'UpdateMode')).toMatchObject({ value: 'manual', overridden: [{ source: 'user', value: 'off' }, { source: 'machine', value: 'auto' }] });
  });
});

describe('merge rules', () => {
  it('deny-wins: any mandatory source turning AI off wins over a higher one allowing it', () => {
    const r = resolvePolicies({ layers: [layer('machine', 'mandatory', { AIEnabled: true, RequireSignIn: false }), layer('user-os', 'mandatory', { AIEnabled: false, RequireSignIn: true })] });
    expect(get(r, 'AIEnabled')).toMatchObject({ value: false, source: 'user-os' });
    expect(get(r, 'RequireSignIn')).toMatchObject({ value: true, source: 'user-os' });
  });

  it('most-restrictive: by declared order, by lower numbers, by higher versions', () => {
    const r = resolvePolicies({
      layers: [
        layer('machine', 'mandatory', { TelemetryLevel: 'error', SessionMaxAge: 600, UpdateMinimumVersion: '1.2.0', AuditLevel: 'security' }),
        layer('cloud', 'mandatory', { TelemetryLevel: 'crash', SessionMaxAge: 60, UpdateMinimumVersion: '1.10.0', AuditLevel: 'full' }),
      ],
    });
    expect(get(r, 'TelemetryLevel')).toMatchObject({ value: 'crash', source: 'cloud', overridden: [{ source: 'machine', value: 'error' }] });
    expect(get(r, 'SessionMaxAge')).toMatchObject({ value: 60, source: 'cloud' });
    expect(get(r, 'UpdateMinimumVersion')).toMatchObject({ value: '1.10.0', source: 'cloud' });
    expect(get(r, 'AuditLevel')).toMatchObject({ value: 'full', source: 'cloud' });
  });

  it('union joins lists; deny-wins combines extension maps per entry', () => {
    const r = resolvePolicies({
      layers: [
        layer('machine', 'mandatory', { AIExcludedFiles: ['.env', '*.pem'], AllowedExtensions: { '*': false, ms: true } }),
        layer('cloud', 'mandatory', { AIExcludedFiles: ['*.pem', '**/secrets/**'], AllowedExtensions: { 'ms.bad': false, ms: false } }),
      ],
    });
    expect(get(r, 'AIExcludedFiles').value).toEqual(['.env', '*.pem', '**/secrets/**']);
    expect(get(r, 'AllowedExtensions').value).toEqual({ '*': false, ms: false, 'ms.bad': false });
  });

  it('override for allow-lists: the highest source wins whole', () => {
    const r = resolvePolicies({ layers: [layer('machine', 'mandatory', { AllowedGitRemoteHosts: ['github.com'] }), layer('cloud', 'mandatory', { AllowedGitRemoteHosts: ['*'] })] });
    expect(get(r, 'AllowedGitRemoteHosts')).toMatchObject({ value: ['github.com'], source: 'machine' });
  });
});

describe('bad input', () => {
  it('rejects a wrongly typed value whole, reports it, and lets the lower source win', () => {
    const r = resolvePolicies({
      layers: [
        layer('machine', 'mandatory', { TelemetryLevel: 'verbose', AllowedGitRemoteHosts: ['github.com', 'not a host'], AIEnabled: 'no' }, '/p/managed/10.json'),
        layer('cloud', 'mandatory', { TelemetryLevel: 'crash' }),
      ],
    });
    expect(get(r, 'TelemetryLevel')).toMatchObject({ value: 'crash', source: 'cloud' });
    expect(get(r, 'TelemetryLevel').errors[0]).toMatch(/^\/p\/managed\/10\.json: value rejected \(.*\); a lower source applies$/);
    // Not half-applied: the valid first entry of the list is not kept.
    expect(get(r, 'AllowedGitRemoteHosts')).toMatchObject({ value: ['*'], source: 'default' });
    expect(get(r, 'AllowedGitRemoteHosts').errors[0]).toContain('/p/managed/10.json');
    expect(get(r, 'AIEnabled')).toMatchObject({ value: true, source: 'default' });
  });

  it('reports unknown keys (with a hint) and ignores them, including __proto__', () => {
    const l = layer('machine', 'mandatory', { AIEnabld: false, telemetrylevel: 'off' }, '/p/a.json');
    l.entries.push({ key: '__proto__', value: { AIEnabled: false }, origin: '/p/a.json' });
    const r = resolvePolicies({ layers: [l] });
    expect(r.errors).toEqual([
      '/p/a.json: unknown policy "AIEnabld" ignored',
      '/p/a.json: unknown policy "telemetrylevel" ignored (did you mean TelemetryLevel?)',
      '/p/a.json: unknown policy "__proto__" ignored',
    ]);
    expect(get(r, 'AIEnabled').value).toBe(true);
  });

  it('reports a key set twice at one level as a conflict naming both files; the later wins', () => {
    const a = layer('machine', 'mandatory', { UpdateMode: 'off' }, '/p/managed/10-a.json');
    a.entries.push({ key: 'UpdateMode', value: 'manual', origin: '/p/managed/20-b.json' });
    const r = resolvePolicies({ layers: [a] });
    expect(get(r, 'UpdateMode').value).toBe('manual');
    expect(get(r, 'UpdateMode').errors).toEqual(['conflict: UpdateMode is set by /p/managed/10-a.json and /p/managed/20-b.json; /p/managed/20-b.json wins']);
  });

  it('keeps the earlier file when the later one in a conflict is invalid', () => {
    const a = layer('machine', 'mandatory', { UpdateMode: 'off' }, '/p/10.json');
    a.entries.push({ key: 'UpdateMode', value: 42, origin: '/p/20.json' });
    const p = get(resolvePolicies({ layers: [a] }), 'UpdateMode');
    expect(p.value).toBe('off');
    expect(p.errors.some((e) => e.includes('/p/10.json wins'))).toBe(true);
  });

  it('refuses keys from sources that may not set them', () => {
    const r = resolvePolicies({
      layers: [
        layer('cloud', 'mandatory', { EnrollmentToken: 'abc', ConsoleURL: 'https://evil.example' }, 'cloud bundle v3'),
        layer('user-os', 'mandatory', { EnrollmentToken: 'abc' }, 'HKCU'),
        layer('machine', 'recommended', { AllowedGitRemoteHosts: ['x.example'] }, '/p/recommended/a.json'),
      ],
    });
    expect(get(r, 'EnrollmentToken')).toMatchObject({ value: null, source: 'default' });
    expect(get(r, 'EnrollmentToken').errors).toEqual(['cloud bundle v3: EnrollmentToken cannot be set by cloud policy; ignored', 'HKCU: EnrollmentToken cannot be set by user-os policy; ignored']);
    expect(get(r, 'ConsoleURL').value).toBeNull();
    expect(get(r, 'AllowedGitRemoteHosts').errors[0]).toContain('cannot be recommended');
  });

  it('rejects a bad user setting and falls back to recommended', () => {
    const r = resolvePolicies({ layers: [layer('machine', 'recommended', { TelemetryLevel: 'crash' })], userSettings: { 'telemetry.telemetryLevel': 'loud', 'editor.fontSize': 99 }, userSettingsOrigin: '/home/u/settings.json' });
    expect(get(r, 'TelemetryLevel')).toMatchObject({ value: 'crash', source: 'machine', level: 'recommended' });
    expect(get(r, 'TelemetryLevel').errors[0]).toMatch(/^\/home\/u\/settings\.json: telemetry\.telemetryLevel rejected/);
  });
});
