import type { ExtensionMap } from '../policy/types.js';

/** `publisher.name`, optionally `@version` (force-install lists pin versions that way). */
const idPattern = /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9._-]*(?:@[0-9A-Za-z.+-]+)?$/i;
/** Allow-list keys: `*`, a publisher, or a full id. */
const allowKeyPattern = /^(?:\*|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9._-]*)?)$/i;

export function isExtensionId(text: string): boolean {
  return idPattern.test(text);
}

export function isExtensionAllowKey(text: string): boolean {
  return allowKeyPattern.test(text);
}

export function splitExtensionRef(ref: string): { id: string; version: string | null } {
  const at = ref.indexOf('@');
  return at < 0 ? { id: ref.toLowerCase(), version: null } : { id: ref.slice(0, at).toLowerCase(), version: ref.slice(at + 1) };
}

export interface ExtensionVerdict {
  allowed: boolean;
  /** The entry that decided: the full id, the publisher, `*`, or null when nothing matched. */
  entry: string | null;
  reason: string;
}

/**
 * The most specific entry decides: `publisher.name`, then `publisher`, then `*`.
 * With no matching entry an extension is allowed, so `{"*": false}` is what turns the map into an allow-list.
 */
export function checkExtension(map: ExtensionMap, id: string, version: string | null): ExtensionVerdict {
  const lower = new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
  const full = id.toLowerCase();
  const publisher = full.split('.')[0]!;
  for (const entry of [full, publisher, '*']) {
    if (!lower.has(entry)) continue;
    const rule = lower.get(entry)!;
    if (rule === true) return { allowed: true, entry, reason: `allowed by entry "${entry}"` };
    if (rule === false) return { allowed: false, entry, reason: `denied by entry "${entry}"` };
    if (version === null) return { allowed: false, entry, reason: `entry "${entry}" allows only versions ${rule.join(', ')} and the version is unknown` };
    return rule.includes(version)
      ? { allowed: true, entry, reason: `version ${version} is listed by entry "${entry}"` }
      : { allowed: false, entry, reason: `entry "${entry}" allows only versions ${rule.join(', ')}` };
  }
  return { allowed: true, entry: null, reason: 'no entry applies' };
}

/** Deny-wins combination of two maps: false beats anything, a version list beats true, two lists intersect. */
export function mergeExtensionMaps(maps: readonly ExtensionMap[]): ExtensionMap {
  const out: ExtensionMap = {};
  for (const map of maps) {
    for (const [rawKey, rule] of Object.entries(map)) {
      const key = rawKey.toLowerCase();
      const prev = Object.hasOwn(out, key) ? out[key] : undefined;
      if (prev === undefined || prev === true) out[key] = rule;
      else if (prev === false || rule === true) continue;
      else if (rule === false) out[key] = false;
      else out[key] = prev.filter((v) => rule.includes(v));
    }
  }
  return out;
}
