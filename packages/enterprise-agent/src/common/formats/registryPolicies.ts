import type { ManagedPolicySource, PolicyScope } from '@marie/protocol';
import { emptyLayer, type PolicyLayer } from '../policy/layers.js';
import { findPolicyDefinition } from '../policy/registry/index.js';
import { REGISTRY_POLICY_KEY, registryShape } from './registryLayout.js';
import type { RegKey, RegTree, RegValue } from './regFile.js';

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}

/** A registry value as the key's declared type expects it; wrong registry types pass through for the validator to reject. */
function convert(key: string, v: RegValue): { value: unknown } | { error: string } {
  const def = findPolicyDefinition(key);
  if (!def) return { value: v.data };
  const shape = registryShape(def.type);
  if (shape === 'dword' && v.type === 'REG_DWORD' && def.type.kind === 'boolean') {
    return v.data === 0 || v.data === 1 ? { value: v.data === 1 } : { value: v.data };
  }
  if (shape === 'json' && (v.type === 'REG_SZ' || v.type === 'REG_MULTI_SZ')) {
    const text = Array.isArray(v.data) ? v.data.join('\n') : v.data;
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { error: 'malformed JSON' };
    }
  }
  return { value: v.type === 'REG_BINARY' || v.type === 'REG_NONE' ? `<${v.type}>` : v.data };
}

function readKey(tree: RegTree, path: string, hive: string, source: ManagedPolicySource, level: PolicyLayer['level'], scope: PolicyScope): PolicyLayer {
  const where = `${hive}\\${path}`;
  const key: RegKey | undefined = tree.get(path.toLowerCase());
  const layer = emptyLayer(source, level, scope, where, key ? 'ok' : 'absent');
  if (!key) return layer;
  for (const [name, v] of key.values) {
    if (name === '') continue;
    const def = findPolicyDefinition(name);
    const canonical = def?.key ?? name;
    const origin = `${where}\\${name}`;
    const converted = convert(canonical, v);
    if ('error' in converted) layer.keyErrors.push({ key: canonical, message: `${origin}: value rejected (${converted.error}); a lower source applies` });
    else layer.entries.push({ key: canonical, value: converted.value, origin });
  }
  // Lists are subkeys holding values 1, 2, 3…; any direct subkey except Recommended is read as one.
  const prefix = `${path.toLowerCase()}\\`;
  for (const [lower, sub] of tree) {
    if (!lower.startsWith(prefix) || lower.slice(prefix.length).includes('\\')) continue;
    const name = sub.path.slice(path.length + 1);
    if (level === 'mandatory' && name.toLowerCase() === 'recommended') continue;
    const def = findPolicyDefinition(name);
    const items = [...sub.values.entries()].filter(([n]) => n !== '').sort(([a], [b]) => byNumber(a, b));
    layer.entries.push({ key: def?.key ?? name, value: items.map(([, v]) => v.data), origin: `${where}\\${name}` });
  }
  return layer;
}

/** The mandatory and recommended layers of one hive's policy tree. */
export function registryPolicyLayers(tree: RegTree, hive: 'HKLM' | 'HKCU'): PolicyLayer[] {
  const source: ManagedPolicySource = hive === 'HKLM' ? 'machine' : 'user-os';
  const scope: PolicyScope = hive === 'HKLM' ? 'machine' : 'user';
  return [readKey(tree, REGISTRY_POLICY_KEY, hive, source, 'mandatory', scope), readKey(tree, `${REGISTRY_POLICY_KEY}\\Recommended`, hive, source, 'recommended', scope)];
}
