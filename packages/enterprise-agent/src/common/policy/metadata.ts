import type { PolicyMetadataEntry, PolicyValueType } from '@marie/protocol';
import { categoryTitles, policyDefinitions } from './registry/index.js';
import type { PolicyDefinition, ValueType } from './types.js';

function wireType(t: ValueType): PolicyValueType {
  return t.kind === 'enum' ? { kind: 'enum', values: [...t.values] } : { ...t };
}

export function metadataFor(def: PolicyDefinition): PolicyMetadataEntry {
  return {
    key: def.key,
    category: categoryTitles[def.category],
    description: def.description,
    since: def.since,
    type: wireType(def.type),
    default: def.default,
    example: def.example,
    merge: def.merge.rule,
    restrictiveOrder: def.merge.rule === 'most-restrictive' ? (Array.isArray(def.merge.order) ? [...def.merge.order] : (def.merge.order as 'lower' | 'higher')) : null,
    denyValue: def.merge.rule === 'deny-wins' ? (def.merge.deny ?? false) : null,
    cloudExpiry: def.cloudExpiry,
    mostRestrictive: def.cloudExpiry === 'most-restrictive' ? def.mostRestrictive : null,
    setting: def.setting ?? null,
    recommendable: Boolean(def.setting),
    scopes: [...def.scopes],
    sources: [...def.sources],
    sensitive: Boolean(def.sensitive),
  };
}

/** Machine-readable description of every key, for the settings UI, CLI help and the console's editor. */
export function policyMetadata(): PolicyMetadataEntry[] {
  return policyDefinitions.map((d) => metadataFor(d as PolicyDefinition));
}

/** A human description of a value type, as docs and help print it. */
export function describeType(t: ValueType): string {
  switch (t.kind) {
    case 'boolean':
      return 'boolean';
    case 'enum':
      return t.values.map((v) => `\`${v}\``).join(' \\| ');
    case 'integer':
      return `integer ${t.min}–${t.max} (${t.unit})${t.nullable ? ', or unset' : ''}`;
    case 'string':
      return `string (${t.format})${t.nullable ? ', or unset' : ''}`;
    case 'list':
      return `list of ${t.item} (at most ${t.maxItems})`;
    case 'extension-map':
      return 'object: id → true \\| false \\| [versions]';
  }
}

/** `marie policy --help`: the keys grouped by category with their types. */
export function formatPolicyHelp(): string {
  const lines: string[] = ['Policy keys (see docs/policies.md for details):'];
  let category = '';
  for (const d of policyDefinitions as readonly PolicyDefinition[]) {
    if (d.category !== category) {
      category = d.category;
      lines.push('', `  ${categoryTitles[d.category]}`);
    }
    lines.push(`    ${d.key.padEnd(28)} ${describeType(d.type).replace(/\\\|/g, '|').replace(/`/g, '')}`);
  }
  return lines.join('\n');
}
