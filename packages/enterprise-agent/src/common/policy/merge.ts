import { mergeExtensionMaps } from '../match/extensionId.js';
import { compareVersions } from '../match/version.js';
import type { ExtensionMap, MergeSpec } from './types.js';

export interface Candidate {
  value: unknown;
}

/**
 * Combines the values of one level, highest precedence first. Returns the value and the
 * index of the candidate credited as its source.
 */
export function mergeLevel(spec: MergeSpec, candidates: readonly Candidate[]): { value: unknown; winner: number } {
  switch (spec.rule) {
    case 'override':
      return { value: candidates[0]!.value, winner: 0 };
    case 'deny-wins': {
      if (spec.deny === undefined) return { value: mergeExtensionMaps(candidates.map((c) => c.value as ExtensionMap)), winner: 0 };
      const denied = candidates.findIndex((c) => c.value === spec.deny);
      return denied >= 0 ? { value: spec.deny, winner: denied } : { value: candidates[0]!.value, winner: 0 };
    }
    case 'most-restrictive': {
      let best = 0;
      for (let i = 1; i < candidates.length; i++) if (stricter(spec.order, candidates[i]!.value, candidates[best]!.value)) best = i;
      return { value: candidates[best]!.value, winner: best };
    }
    case 'union': {
      const seen = new Set<string>();
      const out: string[] = [];
      for (const c of candidates) {
        for (const item of c.value as string[]) {
          if (seen.has(item)) continue;
          seen.add(item);
          out.push(item);
        }
      }
      return { value: out, winner: 0 };
    }
  }
}

/** Whether `a` is strictly more restrictive than `b`. Unset (null) numbers and versions are the least restrictive. */
export function stricter(order: readonly unknown[] | 'lower' | 'higher', a: unknown, b: unknown): boolean {
  if (Array.isArray(order)) return order.indexOf(a) < order.indexOf(b);
  if (a === null) return false;
  if (b === null) return true;
  const cmp = typeof a === 'number' && typeof b === 'number' ? a - b : compareVersions(String(a), String(b));
  return order === 'lower' ? cmp < 0 : cmp > 0;
}
