import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryAuditSink } from '@marie/enterprise-agent';
import { PolicyEngine } from '@marie/enterprise-agent/node';
import { updatePolicyFrom } from './updatePolicy.js';
import { startAutoUpdates, type Updater, type UpdatePolicy } from './updater.js';

/** Fake: electron-updater needs a running Electron, which this machine cannot have. */
class FakeFeedUpdater implements Updater {
  autoDownload = true;
  channel: string | null = null;
  feed: string | undefined;
  downloads = 0;
  checks = 0;
  constructor(private readonly latest: string | null | Error) {}
  setFeedURL(options: { url: string }): void {
    this.feed = options.url;
  }
  async checkForUpdates() {
    this.checks++;
    if (this.latest instanceof Error) throw this.latest;
    return this.latest === null ? null : { updateInfo: { version: this.latest } };
  }
  async downloadUpdate() {
    this.downloads++;
  }
}

const engines: PolicyEngine[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.dispose()));

/** The real engine and enforcer over a managed policy folder holding `managed`. */
async function policyWith(managed: Record<string, unknown>): Promise<{ policy: UpdatePolicy; audit: InMemoryAuditSink }> {
  const root = mkdtempSync(join(tmpdir(), 'marie-update-policy-'));
  mkdirSync(join(root, 'managed'), { recursive: true });
  mkdirSync(join(root, 'recommended'));
  writeFileSync(join(root, 'managed', '10.json'), JSON.stringify(managed));
  const engine = await PolicyEngine.start({ env: { MARIE_POLICY_ROOT: root }, watch: false });
  engines.push(engine);
  const audit = new InMemoryAuditSink();
  return { policy: updatePolicyFrom(engine, audit), audit };
}

const run = (policy: UpdatePolicy, updater: FakeFeedUpdater, log: string[] = []) =>
  startAutoUpdates({ isPackaged: true, policy, log: (m) => log.push(m), load: async () => updater });

describe('policy-governed updates', () => {
  it('does not even load the updater when unpackaged', async () => {
    const { policy } = await policyWith({});
    let loaded = false;
    expect(await startAutoUpdates({ isPackaged: false, policy, log: () => {}, load: async () => ((loaded = true), new FakeFeedUpdater('9.9.9')) })).toBe('skipped');
    expect(loaded).toBe(false);
  });

  it('downloads an allowed update in auto mode, never before the policy check', async () => {
    const { policy } = await policyWith({ UpdateMode: 'auto' });
    const updater = new FakeFeedUpdater('1.5.0');
    expect(await run(policy, updater)).toBe('downloaded');
    expect(updater.autoDownload).toBe(false);
    expect(updater.channel).toBe('stable');
    expect(updater.downloads).toBe(1);
  });

  it('UpdateMode off never contacts the feed', async () => {
    const { policy } = await policyWith({ UpdateMode: 'off' });
    const updater = new FakeFeedUpdater('1.5.0');
    expect(await run(policy, updater)).toBe('disabled');
    expect(updater.checks).toBe(0);
  });

  it('UpdateMode manual reports the update and leaves the download to the user', async () => {
    const { policy } = await policyWith({ UpdateMode: 'manual' });
    const updater = new FakeFeedUpdater('1.5.0');
    expect(await run(policy, updater)).toBe('available');
    expect(updater.downloads).toBe(0);
  });

  it('refuses versions outside UpdateMinimumVersion..UpdateMaximumVersion, audited, nothing downloaded', async () => {
    const { policy, audit } = await policyWith({ UpdateMode: 'auto', UpdateMinimumVersion: '1.2.0', UpdateMaximumVersion: '1.9.0' });
    for (const version of ['2.0.0', '1.1.0']) {
      const log: string[] = [];
      const updater = new FakeFeedUpdater(version);
      expect(await run(policy, updater, log)).toBe('refused');
      expect(updater.downloads).toBe(0);
      expect(log.join('\n')).toMatch(/blocked by policy Update(Maximum|Minimum)Version/);
    }
    expect(audit.events.map((e) => [e.action, e.outcome, e.details.policy])).toEqual([
      ['policy.violation', 'denied', 'UpdateMaximumVersion'],
      ['policy.violation', 'denied', 'UpdateMinimumVersion'],
    ]);
  });

  it('uses the feed URL and channel the organisation set', async () => {
    const { policy } = await policyWith({ UpdateMode: 'auto', UpdateChannel: 'insiders', UpdateFeedURL: 'https://updates.corp.example/marieide' });
    const updater = new FakeFeedUpdater(null);
    expect(await run(policy, updater)).toBe('none');
    expect(updater.feed).toBe('https://updates.corp.example/marieide');
    expect(updater.channel).toBe('insiders');
  });

  it('logs and swallows a failing feed', async () => {
    const { policy } = await policyWith({});
    const log: string[] = [];
    expect(await run(policy, new FakeFeedUpdater(new Error('ENOTFOUND updates.example')), log)).toBe('failed');
    expect(log.join()).toContain('ENOTFOUND');
  });
});
