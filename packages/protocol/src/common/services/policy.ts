import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import type { Event } from '../event.js';
import { emptyInput } from './workspace.js';

/** Where an effective value came from. `user` is the user's own settings. */
export type PolicySource = 'machine' | 'cloud' | 'user-os' | 'user' | 'default';
/** Mandatory values lock the setting; recommended ones are defaults the user may change. */
export type PolicyLevel = 'mandatory' | 'recommended';
export type PolicyScope = 'machine' | 'user';
/** The sources an administrator controls (as opposed to the user's settings and the defaults). */
export type ManagedPolicySource = 'machine' | 'cloud' | 'user-os';

/** One key's effective value with its provenance: the JSON of `marie policy explain <key> --json`. */
export interface PolicyExplanation {
  key: string;
  value: unknown;
  source: PolicySource;
  level: PolicyLevel;
  scope: PolicyScope;
  /** Every other source that set a valid value, highest precedence first. */
  overridden: { source: PolicySource; value: unknown }[];
  /** Problems with this key, each naming the file or source it came from. */
  errors: string[];
}

export type PolicyStringFormat = 'text' | 'https-url' | 'proxy-url' | 'version' | 'host-pattern' | 'glob' | 'extension-id' | 'absolute-path' | 'ai-provider' | 'ai-model' | 'identifier' | 'secret';

/** A policy's value type, declared rather than inferred so templates and validator agree. */
export type PolicyValueType =
  | { kind: 'boolean' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'integer'; min: number; max: number; unit: string; nullable: boolean }
  | { kind: 'string'; format: PolicyStringFormat; maxLength: number; nullable: boolean }
  | { kind: 'list'; item: PolicyStringFormat; maxItems: number }
  /** `{"*": false, "publisher": true, "publisher.name": ["1.2.3"]}` */
  | { kind: 'extension-map' };

export type PolicyMergeRule = 'override' | 'deny-wins' | 'most-restrictive' | 'union';

/** What the settings UI, the CLI help and the console's editor need to know about a key. */
export interface PolicyMetadataEntry {
  key: string;
  category: string;
  description: string;
  since: string;
  type: PolicyValueType;
  default: unknown;
  example: unknown;
  merge: PolicyMergeRule;
  /** For most-restrictive: the values from most to least restrictive, or how numbers/versions order. */
  restrictiveOrder: unknown[] | 'lower' | 'higher' | null;
  /** For deny-wins booleans: the value that wins when any source sets it. */
  denyValue: unknown;
  cloudExpiry: 'keep' | 'most-restrictive';
  mostRestrictive: unknown;
  /** The user setting this policy locks; null for policy-only keys. */
  setting: string | null;
  /** Whether the key may be set as recommended (only keys backed by a setting). */
  recommendable: boolean;
  scopes: PolicyScope[];
  sources: ManagedPolicySource[];
  /** Values are redacted in every output. */
  sensitive: boolean;
}

export interface CloudPolicyStatus {
  state: 'none' | 'active' | 'expired';
  version: number | null;
  issuedAt: number | null;
  expiresAt: number | null;
  /** Key ids currently trusted for signing bundles. */
  keyIds: string[];
  lastRejection: { at: number; version: number | null; reason: string } | null;
}

export interface PolicySourceStatus {
  source: ManagedPolicySource;
  level: PolicyLevel;
  /** A file, a directory, a registry key or a bundle. */
  location: string;
  state: 'ok' | 'absent' | 'refused' | 'error';
}

/** The `chrome://policy`-style page's header: what was read, and what went wrong outside any key. */
export interface PolicyStatus {
  loadedAt: number;
  errors: string[];
  sources: PolicySourceStatus[];
  cloud: CloudPolicyStatus;
}

export const policyKeyInput = z.object({ key: z.string().min(1).max(128) }).strict();

export interface IPolicyService {
  /** Every key, set or not, in registry order (`marie policy show --json`). */
  list(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<PolicyExplanation[]>;
  /** One key; E_POLICY_UNKNOWN_KEY for a key the registry does not declare. */
  explain(input: z.infer<typeof policyKeyInput>, signal?: AbortSignal): Promise<PolicyExplanation>;
  status(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<PolicyStatus>;
  metadata(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<PolicyMetadataEntry[]>;
  /** Re-reads every source now (the Policies page's reload button). */
  reload(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<PolicyStatus>;
  /** The full list again whenever any effective value, source or error changed. */
  onDidChange: Event<PolicyExplanation[]>;
}

export const policyContract = defineContract<IPolicyService>({
  channel: 'policy',
  methods: {
    list: emptyInput,
    explain: policyKeyInput,
    status: emptyInput,
    metadata: emptyInput,
    reload: emptyInput,
  },
  events: { onDidChange: true },
});
