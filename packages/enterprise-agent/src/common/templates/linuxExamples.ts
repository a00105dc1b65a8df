import { policyDefinitions } from '../policy/registry/index.js';
import type { PolicyDefinition } from '../policy/types.js';

const definitions = policyDefinitions as readonly PolicyDefinition[];

/** `/etc/marieide/policies/managed/*.json`: every key a machine may set, with its example value. */
export function generateLinuxManagedExample(): string {
  return `${JSON.stringify(Object.fromEntries(definitions.filter((d) => d.sources.includes('machine')).map((d) => [d.key, d.example])), null, 2)}\n`;
}

/** `/etc/marieide/policies/recommended/*.json`: the keys that may be recommended (those backed by a user setting). */
export function generateLinuxRecommendedExample(): string {
  return `${JSON.stringify(Object.fromEntries(definitions.filter((d) => d.setting && d.sources.includes('machine')).map((d) => [d.key, d.example])), null, 2)}\n`;
}
