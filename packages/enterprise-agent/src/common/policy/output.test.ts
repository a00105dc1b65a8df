import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair, Emitter, ErrorCode, policyContract, RpcClient, RpcError, RpcServer, type PolicyExplanation } from '@marie/protocol';
import { noCloudStatus } from '../cloud/noCloud.js';
import { EffectivePolicies } from './effective.js';
import { emptyLayer } from './layers.js';
import { formatPolicyExplanation, formatPolicyTable, policyExplainJson, policyShowJson, REDACTED } from './output.js';
import { policyDefinitions } from './registry/index.js';
import { resolvePolicies } from './resolve.js';
import { createPolicyService } from './service.js';

function snapshot(): EffectivePolicies {
  const machine = emptyLayer('machine', 'mandatory', 'machine', '/etc/marieide/policies/managed', 'ok');
  machine.entries.push({ key: 'EnrollmentToken', value: 'secret-token', origin: '/etc/marieide/policies/managed/00.json' });
  machine.entries.push({ key: 'TelemetryLevel', value: 'off', origin: '/etc/marieide/policies/managed/00.json' });
  machine.entries.push({ key: 'Bogus', value: 1, origin: '/etc/marieide/policies/managed/00.json' });
  const r = resolvePolicies({ layers: [machine], userSettings: { 'telemetry.telemetryLevel': 'all' } });
  return new EffectivePolicies(r.policies, r.errors, [{ source: 'machine', level: 'mandatory', location: '/etc/marieide/policies/managed', state: 'ok' }], 1000);
}

describe('policy show / explain JSON', () => {
  it('lists every key, set or not, with exactly the documented fields', () => {
    const list = policyShowJson(snapshot());
    expect(list.map((p) => p.key)).toEqual(policyDefinitions.map((d) => d.key));
    for (const p of list) expect(Object.keys(p)).toEqual(['key', 'value', 'source', 'level', 'scope', 'overridden', 'errors']);
    expect(list.find((p) => p.key === 'TelemetryLevel')).toEqual({ key: 'TelemetryLevel', value: 'off', source: 'machine', level: 'mandatory', scope: 'machine', overridden: [{ source: 'user', value: 'all' }], errors: [] });
  });

  it('never prints a sensitive value', () => {
    const set = snapshot();
    expect(policyExplainJson(set, 'EnrollmentToken').value).toBe(REDACTED);
    expect(JSON.stringify(policyShowJson(set))).not.toContain('secret-token');
    expect(formatPolicyTable(set)).not.toContain('secret-token');
    expect(set.get('EnrollmentToken')).toBe('secret-token');
  });

  it('explains by key ignoring case, and refuses unknown keys with E_POLICY_UNKNOWN_KEY', () => {
    expect(policyExplainJson(snapshot(), 'telemetrylevel').key).toBe('TelemetryLevel');
    expect(() => policyExplainJson(snapshot(), 'Nope')).toThrow(expect.objectContaining({ code: ErrorCode.PolicyUnknownKey }));
    expect(formatPolicyExplanation(snapshot(), 'TelemetryLevel')).toContain('overrides user: all');
    expect(formatPolicyTable(snapshot())).toContain('unknown policy "Bogus"');
  });
});

describe('policy service over RPC', () => {
  it('serves list, explain, status, metadata and change events across a serialising transport', async () => {
    const changed = new Emitter<EffectivePolicies>();
    let current = snapshot();
    const service = createPolicyService({
      get current() {
        return current;
      },
      onDidChange: changed.event,
      reload: async () => current,
      cloudStatus: () => noCloudStatus,
    });
    const [a, b] = createMemoryTransportPair();
    new RpcServer(a).register(policyContract, service);
    const proxy = new RpcClient(b).getProxy(policyContract);

    expect(await proxy.list({})).toEqual(policyShowJson(current));
    expect((await proxy.explain({ key: 'EnrollmentToken' })).value).toBe(REDACTED);
    const err = await proxy.explain({ key: 'Nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(ErrorCode.PolicyUnknownKey);
    const status = await proxy.status({});
    expect(status.errors[0]).toContain('Bogus');
    expect(status.cloud.state).toBe('none');
    expect((await proxy.metadata({})).find((m) => m.key === 'TelemetryLevel')).toMatchObject({ setting: 'telemetry.telemetryLevel', merge: 'most-restrictive', recommendable: true });

    const seen: PolicyExplanation[][] = [];
    proxy.onDidChange((list) => seen.push(list));
    await new Promise((r) => setTimeout(r, 5));
    current = EffectivePolicies.defaults(2000);
    changed.fire(current);
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.find((p) => p.key === 'TelemetryLevel')!.source).toBe('default');
  });
});
