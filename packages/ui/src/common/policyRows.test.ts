import { describe, expect, it } from 'vitest';
import type { PolicyExplanation } from '@marie/protocol';
import { formatPolicyValue, policyRowStatus, visiblePolicies } from './policyRows.js';

const p = (key: string, o: Partial<PolicyExplanation> = {}): PolicyExplanation => ({ key, value: null, source: 'default', level: 'mandatory', scope: 'machine', overridden: [], errors: [], ...o });

describe('policy rows', () => {
  it('derives the status column, worst first', () => {
    expect(policyRowStatus(p('A'))).toBe('unset');
    expect(policyRowStatus(p('A', { source: 'machine', value: true }))).toBe('ok');
    expect(policyRowStatus(p('A', { source: 'user', value: true }))).toBe('ok');
    expect(policyRowStatus(p('A', { source: 'machine', overridden: [{ source: 'cloud', value: 1 }] }))).toBe('overridden');
    const conflict = 'conflict: A is set by /p/10.json, /p/20.json; /p/20.json wins';
    expect(policyRowStatus(p('A', { source: 'machine', errors: [conflict], overridden: [{ source: 'cloud', value: 1 }] }))).toBe('conflict');
    expect(policyRowStatus(p('A', { source: 'machine', errors: [conflict, '/p/30.json: expected a boolean'] }))).toBe('error');
    // A rejected value leaves the default in force: that is an error, not "unset".
    expect(policyRowStatus(p('A', { errors: ['/p/10.json: expected a boolean'] }))).toBe('error');
  });

  it('hides unset keys unless asked, and filters by name or value ignoring case', () => {
    const all = [p('TelemetryLevel', { source: 'machine', value: 'off' }), p('AIEnabled'), p('UpdateMode', { source: 'user', value: 'manual' })];
    expect(visiblePolicies(all, '', false).map((x) => x.key)).toEqual(['TelemetryLevel', 'UpdateMode']);
    expect(visiblePolicies(all, '', true)).toHaveLength(3);
    expect(visiblePolicies(all, 'telemetry', false).map((x) => x.key)).toEqual(['TelemetryLevel']);
    expect(visiblePolicies(all, ' MANUAL ', false).map((x) => x.key)).toEqual(['UpdateMode']);
    expect(visiblePolicies(all, 'aienabled', false)).toEqual([]);
    expect(visiblePolicies(all, 'aienabled', true).map((x) => x.key)).toEqual(['AIEnabled']);
  });

  it('shows strings bare and other values as JSON', () => {
    expect([formatPolicyValue('off'), formatPolicyValue(false), formatPolicyValue(['a', 'b']), formatPolicyValue(null)]).toEqual(['off', 'false', '["a","b"]', '(not set)']);
  });
});
