import type { PolicyExplanation } from '@marie/protocol';
import type { EffectivePolicies } from './effective.js';
import { policyDefinition } from './registry/index.js';

export const REDACTED = '<redacted>';

function redact(p: PolicyExplanation): PolicyExplanation {
  if (!policyDefinition(p.key)?.sensitive) return p;
  const hide = (v: unknown) => (v === null ? null : REDACTED);
  return { ...p, value: hide(p.value), overridden: p.overridden.map((o) => ({ source: o.source, value: hide(o.value) })) };
}

/** Exactly the JSON of `marie policy show --json`: every key, set or not, sensitive values redacted. */
export function policyShowJson(set: EffectivePolicies): PolicyExplanation[] {
  return set.list().map(redact);
}

/** Exactly the JSON of `marie policy explain <key> --json`; throws E_POLICY_UNKNOWN_KEY. */
export function policyExplainJson(set: EffectivePolicies, key: string): PolicyExplanation {
  return redact(set.explain(key));
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `marie policy show` without --json: one line per key, then the errors not tied to a key. */
export function formatPolicyTable(set: EffectivePolicies): string {
  const rows = policyShowJson(set).map((p) => [p.key, show(p.value), p.source, p.source === 'default' ? '' : p.level, p.errors.length ? `${p.errors.length} error(s)` : 'ok']);
  const head = ['POLICY', 'VALUE', 'SOURCE', 'LEVEL', 'STATUS'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line)];
  if (set.errors.length) out.push('', 'Errors:', ...set.errors.map((e) => `  ${e}`));
  return out.join('\n');
}

/** `marie policy explain <key>` without --json. */
export function formatPolicyExplanation(set: EffectivePolicies, key: string): string {
  const p = policyExplainJson(set, key);
  const def = policyDefinition(p.key)!;
  const out = [
    `${p.key}: ${show(p.value)}`,
    `  source: ${p.source}${p.source === 'default' ? '' : ` (${p.level}, ${p.scope} scope)`}`,
    `  merge: ${def.merge.rule}; cloud expiry: ${def.cloudExpiry}`,
    ...p.overridden.map((o) => `  overrides ${o.source}: ${show(o.value)}`),
    ...p.errors.map((e) => `  error: ${e}`),
    `  ${def.description}`,
  ];
  return out.join('\n');
}
