import { statSync, watch, type FSWatcher } from 'node:fs';
import { Emitter, type CloudPolicyStatus, type Event, type PolicyStatus } from '@marie/protocol';
import type { BundleResult, CloudPolicy } from '../common/cloud/cloudPolicy.js';
import { noCloudStatus } from '../common/cloud/noCloud.js';
import { EffectivePolicies } from '../common/policy/effective.js';
import { emptyLayer, type PolicyLayer } from '../common/policy/layers.js';
import { resolvePolicies } from '../common/policy/resolve.js';
import { policyStatus, type PolicyProvider } from '../common/policy/service.js';
import { locatePolicySources, type PolicyLocationOptions } from './readers/locate.js';
import type { PolicyReader } from './readers/types.js';

export interface PolicyEngineOptions extends PolicyLocationOptions {
  /** Replaces the readers found from the environment (tests, special hosts). */
  readers?: PolicyReader[];
  /** The verified cloud source, opened by the host with its pinned keys and trust store. */
  cloud?: CloudPolicy;
  userSettings?: Record<string, unknown>;
  userSettingsOrigin?: string;
  /** Watch the policy folders (default true). */
  watch?: boolean;
  debounceMs?: number;
  /** Re-read every source this often, for sources that cannot be watched (registry, new folders); 0 disables. */
  pollIntervalMs?: number;
  now?: () => number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function inodeOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/** Readers report problems as layer errors; this catches a reader bug so a reload never rejects. */
function failedReader(e: unknown): PolicyLayer {
  const layer = emptyLayer('machine', 'mandatory', 'machine', 'policy reader', 'error');
  layer.errors.push(`policy reader failed: ${(e as Error)?.message ?? String(e)}`);
  return layer;
}

/**
 * Holds the effective policies: reads every source, resolves, swaps the snapshot whole, and
 * fires onDidChange when anything observable changed. Reloads are serialised and coalesced.
 */
export class PolicyEngine implements PolicyProvider {
  private snapshot: EffectivePolicies;
  private layers: PolicyLayer[] = [];
  private configErrors: string[] = [];
  private userSettings: Record<string, unknown>;
  private userSettingsOrigin: string | undefined;
  private readonly changed = new Emitter<EffectivePolicies>();
  /** Watched folders with the inode watched: a folder deleted and re-created must be watched anew. */
  private readonly watchers = new Map<string, { watcher: FSWatcher; ino: number }>();
  private debounce: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private running: Promise<EffectivePolicies> | null = null;
  private again = false;
  private disposed = false;
  readonly onDidChange: Event<EffectivePolicies> = this.changed.event;

  private constructor(
    private readers: PolicyReader[],
    private readonly options: PolicyEngineOptions,
  ) {
    this.userSettings = { ...(options.userSettings ?? {}) };
    this.userSettingsOrigin = options.userSettingsOrigin;
    this.snapshot = EffectivePolicies.defaults(this.now());
  }

  /** Finds the sources, reads them once, and starts watching. */
  static async start(options: PolicyEngineOptions = {}): Promise<PolicyEngine> {
    let readers = options.readers;
    let configErrors: string[] = [];
    if (!readers) {
      const located = await locatePolicySources(options);
      readers = located.readers;
      configErrors = located.errors;
    }
    const engine = new PolicyEngine(readers, options);
    engine.configErrors = configErrors;
    await engine.reload();
    const poll = options.pollIntervalMs ?? 10 * 60_000;
    if (poll > 0) {
      engine.poll = setInterval(() => void engine.reload(), poll);
      engine.poll.unref();
    }
    return engine;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get current(): EffectivePolicies {
    return this.snapshot;
  }

  cloudStatus(): CloudPolicyStatus {
    return this.options.cloud?.status(this.now()) ?? noCloudStatus;
  }

  status(): PolicyStatus {
    return policyStatus(this.snapshot, this.cloudStatus());
  }

  /** Re-reads every source. Concurrent calls share one read; a call during a read schedules one more. */
  reload(): Promise<EffectivePolicies> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const read = await Promise.all(this.readers.map((r) => r.read().catch((e: unknown) => [failedReader(e)])));
          this.layers = read.flat();
          this.resolve();
          this.refreshWatchers();
        } while (this.again && !this.disposed);
        return this.snapshot;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** The user's settings changed (by setting id); re-resolves without re-reading files. */
  setUserSettings(values: Record<string, unknown>, origin?: string): EffectivePolicies {
    this.userSettings = { ...values };
    if (origin) this.userSettingsOrigin = origin;
    return this.resolve();
  }

  /** Verifies a bundle from the console; the policies change only if it is accepted. */
  async applyCloudBundle(compact: string): Promise<BundleResult> {
    if (!this.options.cloud) return { accepted: false, reason: 'cloud policy is not configured on this device' };
    const result = await this.options.cloud.accept(compact, this.now());
    this.resolve();
    return result;
  }

  private resolve(): EffectivePolicies {
    const now = this.now();
    const cloudLayers = this.options.cloud?.layers(now) ?? [];
    // Cloud sits between the machine and user OS layers; the resolver orders by source, so plain concatenation is enough.
    const layers = [...this.layers, ...cloudLayers];
    const r = resolvePolicies({ layers, userSettings: this.userSettings, userSettingsOrigin: this.userSettingsOrigin });
    const sources = layers.map((l) => ({ source: l.source, level: l.level, location: l.location, state: l.state }));
    const next = new EffectivePolicies(r.policies, [...this.configErrors, ...r.errors], sources, now);
    const before = this.snapshot.fingerprint();
    this.snapshot = next;
    this.scheduleExpiry(now);
    if (next.fingerprint() !== before && !this.disposed) this.changed.fire(next);
    return next;
  }

  /** Re-resolves the moment the cloud bundle expires, so each key's expiry rule applies without a restart. */
  private scheduleExpiry(now: number): void {
    clearTimeout(this.expiry);
    const at = this.options.cloud?.expiresAt();
    if (at === null || at === undefined || at <= now || this.disposed) return;
    this.expiry = setTimeout(() => this.resolve(), Math.min(at - now + 10, MAX_TIMER_MS));
    this.expiry.unref();
  }

  private refreshWatchers(): void {
    if (this.options.watch === false || this.disposed) return;
    const wanted = new Set(this.readers.flatMap((r) => r.watchPaths()));
    for (const path of new Set([...wanted, ...this.watchers.keys()])) {
      const ino = inodeOf(path);
      const current = this.watchers.get(path);
      if (current && current.ino === ino && wanted.has(path)) continue;
      current?.watcher.close();
      this.watchers.delete(path);
      if (ino === null || !wanted.has(path)) continue;
      try {
        const watcher = watch(path, { persistent: false }, () => this.schedule());
        watcher.on('error', () => {
          watcher.close();
          if (this.watchers.get(path)?.watcher === watcher) this.watchers.delete(path);
          this.schedule();
        });
        this.watchers.set(path, { watcher, ino });
      } catch {
        // Gone again already: the parent's watcher or the poll will notice when it appears.
      }
    }
  }

  private schedule(): void {
    if (this.disposed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? 300);
    this.debounce.unref();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.debounce);
    clearTimeout(this.expiry);
    clearInterval(this.poll);
    for (const w of this.watchers.values()) w.watcher.close();
    this.watchers.clear();
    this.changed.dispose();
  }
}
