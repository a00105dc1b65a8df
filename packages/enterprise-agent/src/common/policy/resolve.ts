import type { z } from 'zod';
import type { ManagedPolicySource, PolicyExplanation, PolicyLevel, PolicyScope, PolicySource } from '@marie/protocol';
import type { PolicyLayer } from './layers.js';
import { mergeLevel } from './merge.js';
import { findPolicyDefinition, policyDefinition, policyDefinitions, policyForSetting } from './registry/index.js';
import type { PolicyDefinition } from './types.js';
import { describeIssues, schemaFor } from './valueSchema.js';

export interface ResolveInput {
  layers: readonly PolicyLayer[];
  /** The user's settings by setting id; ids no policy is attached to are ignored. */
  userSettings?: Readonly<Record<string, unknown>>;
  /** How errors name the user's settings (a settings file path, say). */
  userSettingsOrigin?: string;
}

export interface ResolvedPolicies {
  /** Registry order. */
  policies: PolicyExplanation[];
  /** Problems not tied to a key. */
  errors: string[];
}

interface Valid {
  source: PolicySource;
  scope: PolicyScope;
  value: unknown;
}

const managedOrder: readonly ManagedPolicySource[] = ['machine', 'cloud', 'user-os'];
const schemas = new Map<string, z.ZodType<unknown>>();

function schemaOf(def: PolicyDefinition): z.ZodType<unknown> {
  let s = schemas.get(def.key);
  if (!s) schemas.set(def.key, (s = schemaFor(def.type)));
  return s;
}

/** Checks a value against a key's declared type; a bad value is rejected whole. */
export function validatePolicyValue(def: PolicyDefinition, value: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  const r = schemaOf(def).safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: describeIssues(r.error) };
}

function admissionProblem(def: PolicyDefinition, layer: PolicyLayer): string | null {
  if (!def.sources.includes(layer.source)) return `cannot be set by ${layer.source} policy`;
  if (layer.source === 'user-os' && !def.scopes.includes('user')) return 'is machine-only and cannot be set by user policy';
  if (layer.level === 'recommended' && !def.setting) return 'cannot be recommended (no user setting backs it)';
  return null;
}

/**
 * Turns raw layers and the user's settings into every key's effective value with provenance.
 * Pure: the same input always gives the same output, so reload can compare results.
 */
export function resolvePolicies(input: ResolveInput): ResolvedPolicies {
  const errors: string[] = [];
  const keyErrors = new Map<string, string[]>();
  const note = (key: string, message: string) => (keyErrors.get(key) ?? keyErrors.set(key, []).get(key)!).push(message);
  // level -> source -> key -> last valid value (reading order)
  const found = new Map<string, Map<string, Valid>>();
  // (source, level, key) -> every origin that set it, valid or not, for conflict reports
  const origins = new Map<string, { origin: string; valid: boolean }[]>();

  for (const layer of input.layers) {
    errors.push(...layer.errors);
    for (const { key, message } of layer.keyErrors) note(key, message);
    for (const entry of layer.entries) {
      const def = policyDefinition(entry.key);
      if (!def) {
        const near = findPolicyDefinition(entry.key);
        errors.push(`${entry.origin}: unknown policy "${entry.key}" ignored${near ? ` (did you mean ${near.key}?)` : ''}`);
        continue;
      }
      const refused = admissionProblem(def, layer);
      if (refused) {
        note(def.key, `${entry.origin}: ${def.key} ${refused}; ignored`);
        continue;
      }
      const checked = validatePolicyValue(def, entry.value);
      const slot = `${layer.source}|${layer.level}|${def.key}`;
      const list = origins.get(slot) ?? origins.set(slot, []).get(slot)!;
      list.push({ origin: entry.origin, valid: checked.ok });
      if (!checked.ok) {
        note(def.key, `${entry.origin}: value rejected (${checked.problem}); a lower source applies`);
        continue;
      }
      const group = `${layer.level}|${layer.source}`;
      const byKey = found.get(group) ?? found.set(group, new Map()).get(group)!;
      byKey.set(def.key, { source: layer.source, scope: layer.scope, value: checked.value });
    }
  }

  for (const [slot, list] of origins) {
    if (list.length < 2) continue;
    const key = slot.split('|')[2]!;
    const winner = [...list].reverse().find((o) => o.valid);
    const names = list.map((o) => o.origin).join(' and ');
    note(key, `conflict: ${key} is set by ${names}; ${winner ? `${winner.origin} wins` : 'no value is valid'}`);
  }

  const userOrigin = input.userSettingsOrigin ?? 'user settings';
  const userValues = new Map<string, Valid>();
  for (const [setting, value] of Object.entries(input.userSettings ?? {})) {
    const def = policyForSetting(setting);
    if (!def || value === undefined) continue;
    const checked = validatePolicyValue(def, value);
    if (checked.ok) userValues.set(def.key, { source: 'user', scope: 'user', value: checked.value });
    else note(def.key, `${userOrigin}: ${setting} rejected (${checked.problem}); a lower source applies`);
  }

  const policies = policyDefinitions.map((d) => {
    const def = d as PolicyDefinition;
    const pick = (level: PolicyLevel) => managedOrder.map((s) => found.get(`${level}|${s}`)?.get(def.key)).filter((v): v is Valid => v !== undefined);
    const levels: { level: PolicyLevel; values: Valid[] }[] = [
      { level: 'mandatory', values: pick('mandatory') },
      { level: 'recommended', values: userValues.has(def.key) ? [userValues.get(def.key)!] : [] },
      { level: 'recommended', values: pick('recommended') },
    ];
    const all = levels.flatMap((l) => l.values);
    const chosen = levels.find((l) => l.values.length > 0);
    const base = { key: def.key, errors: keyErrors.get(def.key) ?? [] };
    if (!chosen) return { ...base, value: def.default, source: 'default' as const, level: 'recommended' as const, scope: 'machine' as const, overridden: [] };
    const merged = mergeLevel(def.merge, chosen.values);
    const winner = chosen.values[merged.winner]!;
    return {
      ...base,
      value: merged.value,
      source: winner.source,
      level: chosen.level,
      scope: winner.scope,
      overridden: all.filter((v) => v !== winner).map((v) => ({ source: v.source, value: v.value })),
    };
  });
  // Key order in the output object is fixed so results compare and print the same way every time.
  return { policies: policies.map((p) => ({ key: p.key, value: p.value, source: p.source, level: p.level, scope: p.scope, overridden: p.overridden, errors: p.errors })), errors };
}
