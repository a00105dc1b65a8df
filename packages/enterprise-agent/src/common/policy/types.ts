import type { ManagedPolicySource, PolicyScope, PolicyStringFormat } from '@marie/protocol';

/** Extension allow-list: `"*"`, `"publisher"` or `"publisher.name"` → allowed, denied, or only these exact versions. */
export type ExtensionMap = Record<string, boolean | string[]>;

/** The declared value type of a key. Readonly twin of protocol's PolicyValueType, so `as const` declarations fit. */
export type ValueType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly unit: string; readonly nullable: boolean }
  | { readonly kind: 'string'; readonly format: PolicyStringFormat; readonly maxLength: number; readonly nullable: boolean }
  | { readonly kind: 'list'; readonly item: PolicyStringFormat; readonly maxItems: number }
  | { readonly kind: 'extension-map' };

type Nullable<T, N> = N extends true ? T | null : T;

/** The TypeScript type of a key's value, computed from its declared type. */
export type ValueOf<D extends ValueType> = D extends { kind: 'boolean' }
  ? boolean
  : D extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : D extends { kind: 'integer'; nullable: infer N }
      ? Nullable<number, N>
      : D extends { kind: 'string'; nullable: infer N }
        ? Nullable<string, N>
        : D extends { kind: 'list' }
          ? string[]
          : ExtensionMap;

/**
 * How values from several sources at the same level combine. Precedence picks the level
 * (mandatory, then the user's settings, then recommended); the rule combines within it.
 */
export type MergeSpec =
  /** The highest-precedence source wins. */
  | { readonly rule: 'override' }
  /** Booleans: if any source sets `deny`, it wins. Extension maps: per entry, the stricter entry wins. */
  | { readonly rule: 'deny-wins'; readonly deny?: boolean }
  /** The most restrictive value wins: an explicit order (most restrictive first), or lower/higher numbers or versions. */
  | { readonly rule: 'most-restrictive'; readonly order: readonly unknown[] | 'lower' | 'higher' }
  /** Lists: every source's entries, highest-precedence source first, without duplicates. */
  | { readonly rule: 'union' };

export type PolicyCategory = 'Telemetry' | 'AI' | 'Extensions' | 'Git' | 'Updates' | 'Identity' | 'Audit' | 'Data' | 'WorkspaceTrust' | 'Workspace' | 'Network' | 'Enrollment';

export interface PolicyDefinition<K extends string = string, D extends ValueType = ValueType> {
  readonly key: K;
  readonly category: PolicyCategory;
  /** One or two sentences; the first becomes the ADMX display name's explanation lead. */
  readonly title: string;
  readonly description: string;
  /** Product version the key first appeared in. */
  readonly since: string;
  readonly type: D;
  readonly default: ValueOf<D>;
  /** Used by the generated Linux/macOS examples and docs. */
  readonly example: ValueOf<D>;
  readonly merge: MergeSpec;
  /** What a cloud value does once its bundle has expired. */
  readonly cloudExpiry: 'keep' | 'most-restrictive';
  /** Required when cloudExpiry is most-restrictive. */
  readonly mostRestrictive?: ValueOf<D>;
  /** The user setting this policy locks; keys without one are policy-only and cannot be recommended. */
  readonly setting?: string;
  /** ADMX class: machine-only keys cannot come from user-scoped OS policy. */
  readonly scopes: readonly PolicyScope[];
  /** Which managed sources may set it (an enrollment token cannot come from the cloud it enrolls into). */
  readonly sources: readonly ManagedPolicySource[];
  /** Never printed: show/explain replace the value. */
  readonly sensitive?: boolean;
}

export const allManagedSources: readonly ManagedPolicySource[] = ['machine', 'cloud', 'user-os'];
export const bothScopes: readonly PolicyScope[] = ['machine', 'user'];

/** Declares a key; the value type is taken from `type` so `default` and `example` are checked against it. */
export function definePolicy<const K extends string, const D extends ValueType>(
  def: Omit<PolicyDefinition<K, D>, 'default' | 'example' | 'mostRestrictive' | 'scopes' | 'sources'> & {
    default: NoInfer<ValueOf<D>>;
    example: NoInfer<ValueOf<D>>;
    mostRestrictive?: NoInfer<ValueOf<D>>;
    scopes?: readonly PolicyScope[];
    sources?: readonly ManagedPolicySource[];
  },
): PolicyDefinition<K, D> {
  return { ...def, scopes: def.scopes ?? bothScopes, sources: def.sources ?? allManagedSources };
}
