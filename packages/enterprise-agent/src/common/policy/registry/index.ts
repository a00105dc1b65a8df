import type { PolicyDefinition, ValueOf, PolicyCategory } from '../types.js';
import { aiPolicies } from './ai.js';
import { auditPolicies } from './audit.js';
import { dataPolicies } from './data.js';
import { enrollmentPolicies } from './enrollment.js';
import { extensionPolicies } from './extensions.js';
import { gitPolicies } from './git.js';
import { identityPolicies } from './identity.js';
import { networkPolicies } from './network.js';
import { telemetryPolicies } from './telemetry.js';
import { trustPolicies } from './trust.js';
import { updatePolicies } from './updates.js';
import { workspacePolicies } from './workspace.js';

/** Every policy key, in the order shown by `marie policy show` and the generated templates. */
export const policyDefinitions = [
  ...telemetryPolicies,
  ...aiPolicies,
  ...extensionPolicies,
  ...gitPolicies,
  ...updatePolicies,
  ...identityPolicies,
  ...auditPolicies,
  ...dataPolicies,
  ...trustPolicies,
  ...workspacePolicies,
  ...networkPolicies,
  ...enrollmentPolicies,
] as const;

type AnyDefinition = (typeof policyDefinitions)[number];
export type PolicyKey = AnyDefinition['key'];
export type PolicyValueOf<K extends PolicyKey> = ValueOf<Extract<AnyDefinition, { key: K }>['type']>;
/** The effective value of every key, typed. */
export type PolicyValues = { [K in PolicyKey]: PolicyValueOf<K> };

export const categoryTitles: Record<PolicyCategory, string> = {
  Telemetry: 'Telemetry',
  AI: 'AI',
  Extensions: 'Extensions',
  Git: 'Git',
  Updates: 'Updates',
  Identity: 'Identity and sessions',
  Audit: 'Audit',
  Data: 'Local data and secrets',
  WorkspaceTrust: 'Workspace trust',
  Workspace: 'Workspace',
  Network: 'Network',
  Enrollment: 'Enrollment',
};

// A Map, not an object, so that keys such as "__proto__" in a policy file find nothing.
const byKey = new Map<string, PolicyDefinition>(policyDefinitions.map((d) => [d.key, d as PolicyDefinition]));
const byLowerKey = new Map<string, PolicyDefinition>(policyDefinitions.map((d) => [d.key.toLowerCase(), d as PolicyDefinition]));
const bySetting = new Map<string, PolicyDefinition>(policyDefinitions.filter((d) => 'setting' in d && d.setting).map((d) => [(d as PolicyDefinition).setting!, d as PolicyDefinition]));

export function policyDefinition(key: string): PolicyDefinition | undefined {
  return byKey.get(key);
}

/** For typed-in keys (the CLI): exact name first, then ignoring case. */
export function findPolicyDefinition(key: string): PolicyDefinition | undefined {
  return byKey.get(key) ?? byLowerKey.get(key.toLowerCase());
}

export function policyForSetting(settingId: string): PolicyDefinition | undefined {
  return bySetting.get(settingId);
}

export function isPolicyKey(key: string): key is PolicyKey {
  return byKey.has(key);
}
