import { ErrorCode, RpcError, type PolicyExplanation, type PolicySourceStatus } from '@marie/protocol';
import { findPolicyDefinition, policyDefinitions, type PolicyKey, type PolicyValueOf } from './registry/index.js';
import { resolvePolicies } from './resolve.js';

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * An immutable snapshot of every key's effective value and provenance. The engine swaps
 * snapshots whole on reload, so a reader never sees half of an update.
 */
export class EffectivePolicies {
  private readonly byKey: ReadonlyMap<string, PolicyExplanation>;

  constructor(
    policies: readonly PolicyExplanation[],
    /** Problems not tied to a key. */
    readonly errors: readonly string[],
    readonly sources: readonly PolicySourceStatus[],
    readonly loadedAt: number,
  ) {
    this.byKey = new Map(policies.map((p) => [p.key, p]));
  }

  /** Built-in defaults only: what applies before the first read finishes. */
  static defaults(now = 0): EffectivePolicies {
    const r = resolvePolicies({ layers: [] });
    return new EffectivePolicies(r.policies, r.errors, [], now);
  }

  /** The effective value, typed by key. Not redacted: for enforcement, never for display. */
  get<K extends PolicyKey>(key: K): PolicyValueOf<K> {
    return clone(this.byKey.get(key)!.value) as PolicyValueOf<K>;
  }

  /** Unredacted provenance of one key; E_POLICY_UNKNOWN_KEY when the registry has no such key (case ignored). */
  explain(key: string): PolicyExplanation {
    const def = findPolicyDefinition(key);
    if (!def) throw new RpcError(ErrorCode.PolicyUnknownKey, `Unknown policy "${key}". Run "marie policy show" for the list of keys.`);
    return clone(this.byKey.get(def.key)!);
  }

  list(): PolicyExplanation[] {
    return policyDefinitions.map((d) => clone(this.byKey.get(d.key)!));
  }

  /** Whether an administrator has locked the key (the settings UI shows a lock). */
  isLocked(key: PolicyKey): boolean {
    const p = this.byKey.get(key)!;
    return p.level === 'mandatory';
  }

  /** Canonical text of everything observable; equal fingerprints mean nothing changed. */
  fingerprint(): string {
    return JSON.stringify({ p: this.list(), e: this.errors, s: this.sources });
  }
}
