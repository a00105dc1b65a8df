import type { CloudPolicyStatus, PolicyLevel } from '@marie/protocol';
import { emptyLayer, type PolicyLayer } from '../policy/layers.js';
import { policyDefinition } from '../policy/registry/index.js';
import { describeIssues } from '../policy/valueSchema.js';
import { checkBundleClaims, type BundleExpectations } from './bundleClaims.js';
import { applyEndorsements, verifyWith, type TrustedKeys } from './keyChain.js';
import { bundleClaimsSchema, POLICY_BUNDLE_TYP, type JwsCodec, type PolicyBundleClaims, type PublicJwk } from './jwsTypes.js';
import type { CloudTrustState, TrustStore } from './trustState.js';

export interface CloudPolicyOptions extends BundleExpectations {
  codec: JwsCodec;
  /** The organisation's root keys, shipped with the install; the only anchor trust is ever rebuilt from. */
  pinnedKeys: PublicJwk[];
  store: TrustStore;
  clockSkewSeconds?: number;
  maxBundleBytes?: number;
}

export type BundleResult = { accepted: true; version: number; unchanged: boolean } | { accepted: false; reason: string };

interface GoodBundle {
  raw: string;
  claims: PolicyBundleClaims;
  targeted: boolean;
}

const MAX_CHAIN = 64;

/**
 * The agent's side of signed cloud policy: verifies bundles against the trusted keys, keeps the
 * last good one when a new one is rejected, persists trust, and turns the bundle into policy layers.
 */
export class CloudPolicy {
  private trusted: TrustedKeys;
  private chain: string[] = [];
  private lastVersion = 0;
  private good: GoodBundle | null = null;
  private lastRejection: CloudPolicyStatus['lastRejection'] = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Problems found while loading the persisted state (shown until the next accepted bundle). */
  readonly loadErrors: string[] = [];

  private constructor(private readonly options: CloudPolicyOptions) {
    this.trusted = { generation: 0, keys: options.pinnedKeys };
  }

  static async open(options: CloudPolicyOptions): Promise<CloudPolicy> {
    const cloud = new CloudPolicy(options);
    await cloud.restore();
    return cloud;
  }

  private get skew(): number {
    return this.options.clockSkewSeconds ?? 300;
  }

  private async restore(): Promise<void> {
    let state: CloudTrustState | null;
    try {
      state = await this.options.store.load();
    } catch (e) {
      this.loadErrors.push(`cloud: trusted state unreadable (${(e as Error).message}); trust rebuilt from the pinned root key`);
      return;
    }
    if (!state) return;
    this.lastVersion = state.lastVersion;
    this.lastRejection = state.lastRejection;
    const chain = applyEndorsements({ generation: 0, keys: this.options.pinnedKeys }, state.chain, this.options);
    if ('error' in chain) {
      this.loadErrors.push(`cloud: stored key chain rejected (${chain.error}); trust rebuilt from the pinned root key`);
      return;
    }
    this.trusted = chain.trusted;
    this.chain = chain.applied;
    if (state.bundle) {
      // Re-verified without the time check: an expired bundle still applies by each key's expiry rule.
      const checked = this.verifyBundle(state.bundle, this.trusted, Date.now() / 1000, false);
      if ('error' in checked) this.loadErrors.push(`cloud: stored bundle rejected (${checked.error}); waiting for a new one`);
      else {
        this.good = checked;
        this.lastVersion = Math.max(this.lastVersion, checked.claims.version);
      }
    }
  }

  private verifyBundle(raw: string, trusted: TrustedKeys, nowSeconds: number, checkTime: boolean): GoodBundle | { error: string } {
    const verified = verifyWith(this.options.codec, raw, POLICY_BUNDLE_TYP, trusted);
    if ('error' in verified) return verified;
    const parsed = bundleClaimsSchema.safeParse(verified.payload);
    if (!parsed.success) return { error: `malformed claims (${describeIssues(parsed.error)})` };
    const checked = checkBundleClaims(parsed.data, this.options, nowSeconds, this.skew, checkTime);
    if ('error' in checked) return checked;
    return { raw, claims: parsed.data, targeted: checked.targeted };
  }

  /** Verifies and, if good, installs a bundle. Calls are serialised; a rejection changes nothing but the reason shown. */
  accept(compact: string, nowMs: number = Date.now()): Promise<BundleResult> {
    const run = this.queue.then(() => this.acceptNow(compact.trim(), nowMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async acceptNow(compact: string, nowMs: number): Promise<BundleResult> {
    if (this.good?.raw === compact) return { accepted: true, version: this.good.claims.version, unchanged: true };
    const result = await this.tryAccept(compact, nowMs);
    if (!result.accepted) {
      this.lastRejection = { at: nowMs, version: peekVersion(this.options.codec, compact), reason: result.reason };
      await this.options.store.save(this.snapshot()).catch(() => undefined);
    }
    return result;
  }

  private async tryAccept(compact: string, nowMs: number): Promise<BundleResult> {
    const max = this.options.maxBundleBytes ?? 1024 * 1024;
    if (compact.length > max) return { accepted: false, reason: `bundle of ${compact.length} bytes exceeds the limit of ${max}` };
    let endorsements: unknown;
    try {
      endorsements = (this.options.codec.decode(compact).payload as { keyEndorsements?: unknown } | null)?.keyEndorsements;
    } catch (e) {
      return { accepted: false, reason: `malformed JWS (${(e as Error).message})` };
    }
    let trusted = this.trusted;
    let chain = this.chain;
    if (endorsements !== undefined) {
      if (!Array.isArray(endorsements) || endorsements.some((e) => typeof e !== 'string')) return { accepted: false, reason: 'keyEndorsements must be a list of JWS' };
      const applied = applyEndorsements(trusted, endorsements as string[], this.options);
      if ('error' in applied) return { accepted: false, reason: applied.error };
      trusted = applied.trusted;
      chain = [...chain, ...applied.applied];
      if (chain.length > MAX_CHAIN) return { accepted: false, reason: `more than ${MAX_CHAIN} key rotations` };
    }
    const checked = this.verifyBundle(compact, trusted, nowMs / 1000, true);
    if ('error' in checked) return { accepted: false, reason: checked.error };
    if (checked.claims.version <= this.lastVersion) {
      return { accepted: false, reason: `replayed or older bundle: version ${checked.claims.version} is not newer than ${this.lastVersion}` };
    }
    const next: CloudTrustState = { format: 1, chain, lastVersion: checked.claims.version, bundle: compact, lastRejection: null };
    try {
      await this.options.store.save(next);
    } catch (e) {
      return { accepted: false, reason: `could not persist the trusted state (${(e as Error).message})` };
    }
    this.trusted = trusted;
    this.chain = chain;
    this.lastVersion = checked.claims.version;
    this.good = checked;
    this.lastRejection = null;
    this.loadErrors.length = 0;
    return { accepted: true, version: checked.claims.version, unchanged: false };
  }

  private snapshot(): CloudTrustState {
    return { format: 1, chain: this.chain, lastVersion: this.lastVersion, bundle: this.good?.raw ?? null, lastRejection: this.lastRejection };
  }

  /** When the current bundle expires (epoch ms), so the engine can re-resolve at that moment. */
  expiresAt(): number | null {
    return this.good ? this.good.claims.exp * 1000 : null;
  }

  status(nowMs: number = Date.now()): CloudPolicyStatus {
    const c = this.good?.claims;
    return {
      state: !c ? 'none' : c.exp * 1000 <= nowMs ? 'expired' : 'active',
      version: c?.version ?? null,
      issuedAt: c ? c.iat * 1000 : null,
      expiresAt: c ? c.exp * 1000 : null,
      keyIds: this.trusted.keys.map((k) => k.kid),
      lastRejection: this.lastRejection,
    };
  }

  /** The bundle as mandatory and recommended layers, with each key's expiry rule applied once it has expired. */
  layers(nowMs: number = Date.now()): PolicyLayer[] {
    const good = this.good;
    const scope = good?.targeted ? 'machine' : 'user';
    const where = good ? `cloud bundle v${good.claims.version}` : 'cloud';
    const out = (['mandatory', 'recommended'] as PolicyLevel[]).map((level) => emptyLayer('cloud', level, scope, where, good ? 'ok' : 'absent'));
    const errors = out[0]!.errors;
    errors.push(...this.loadErrors);
    if (this.lastRejection) {
      const v = this.lastRejection.version === null ? 'a bundle' : `bundle v${this.lastRejection.version}`;
      errors.push(`cloud: ${v} rejected at ${new Date(this.lastRejection.at).toISOString()}: ${this.lastRejection.reason}; ${good ? `v${good.claims.version} stays in force` : 'no cloud policy applies'}`);
    }
    if (!good) return out;
    const expired = good.claims.exp * 1000 <= nowMs;
    const when = new Date(good.claims.exp * 1000).toISOString();
    for (const [i, level] of (['mandatory', 'recommended'] as const).entries()) {
      const layer = out[i]!;
      for (const [key, value] of Object.entries(good.claims.policies[level] ?? {})) {
        const def = policyDefinition(key);
        if (expired && def?.cloudExpiry === 'most-restrictive') {
          layer.entries.push({ key, value: def.mostRestrictive, origin: `${where} (expired)` });
          layer.keyErrors.push({ key, message: `${where}: expired at ${when}; ${key} falls back to its most restrictive value` });
          continue;
        }
        if (expired && def) layer.keyErrors.push({ key, message: `${where}: expired at ${when}; ${key} keeps its value (declared expiry: keep)` });
        layer.entries.push({ key, value, origin: where });
      }
    }
    return out;
  }
}

function peekVersion(codec: JwsCodec, compact: string): number | null {
  try {
    const v = (codec.decode(compact).payload as { version?: unknown } | null)?.version;
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : null;
  } catch {
    return null;
  }
}
