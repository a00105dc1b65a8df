import { describe, expect, it } from 'vitest';
import { ErrorCode, RpcError } from '@marie/protocol';
import { EffectivePolicies } from '../policy/effective.js';
import { emptyLayer } from '../policy/layers.js';
import { resolvePolicies } from '../policy/resolve.js';
import { InMemoryAuditSink } from './audit.js';
import { PolicyEnforcer } from './enforcer.js';

function enforcerWith(values: Record<string, unknown>, options = {}) {
  const layer = emptyLayer('machine', 'mandatory', 'machine', '/p/managed', 'ok');
  for (const [key, value] of Object.entries(values)) layer.entries.push({ key, value, origin: '/p/managed/00.json' });
  const r = resolvePolicies({ layers: [layer] });
  expect(r.policies.flatMap((p) => p.errors)).toEqual([]);
  const set = new EffectivePolicies(r.policies, r.errors, [], 0);
  const audit = new InMemoryAuditSink();
  return { enforcer: new PolicyEnforcer(() => set, audit, options), audit };
}

function denial(fn: () => void): RpcError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe(ErrorCode.PolicyDenied);
    return e as RpcError;
  }
  throw new Error('expected a denial');
}

describe('PolicyEnforcer', () => {
  it('allows everything under the defaults', () => {
    const { enforcer, audit } = enforcerWith({});
    enforcer.assertGitRemoteAllowed('git@anywhere.example:x.git');
    enforcer.assertGitRemoteAllowed('/srv/local.git');
    enforcer.assertExtensionAllowed('any.thing', '1.0.0');
    enforcer.assertAIAllowed({ provider: 'p', model: 'm' });
    enforcer.assertFileMayGoToAI('/w/.env');
    enforcer.assertFolderTrusted('/anywhere');
    enforcer.assertUpdateAllowed('9.9.9', { automatic: true });
    enforcer.assertOrganizationAllowed('org');
    expect(audit.events).toEqual([]);
  });

  it('AllowedGitRemoteHosts: refuses other hosts, local and opaque remotes, and audits the refusal', () => {
    const { enforcer, audit } = enforcerWith({ AllowedGitRemoteHosts: ['github.com', '*.corp.example'] });
    enforcer.assertGitRemoteAllowed('https://github.com/o/r.git');
    enforcer.assertGitRemoteAllowed('git@git.corp.example:o/r.git');
    const e = denial(() => enforcer.assertGitRemoteAllowed('https://gitlab.com/o/r.git'));
    expect(e.message).toBe('Pushing to this remote is blocked by policy AllowedGitRemoteHosts, set by your organization (machine policy): host gitlab.com is not in the allowed hosts (github.com, *.corp.example)');
    expect(audit.events).toEqual([
      { action: 'policy.violation', target: 'https://gitlab.com/o/r.git', outcome: 'denied', details: { policy: 'AllowedGitRemoteHosts', operation: 'Pushing to this remote', reason: expect.any(String), source: 'machine', level: 'mandatory' } },
    ]);
    denial(() => enforcer.assertGitRemoteAllowed('/srv/repo.git'));
    denial(() => enforcer.assertGitRemoteAllowed('ext::sh -c evil'));
    denial(() => enforcer.assertGitRemoteAllowed('https://github.com.evil.example/x'));
    expect(audit.events).toHaveLength(4);
  });

  it('AllowedExtensions and ForceInstalledExtensions', () => {
    const { enforcer } = enforcerWith({ AllowedExtensions: { '*': false, microsoft: true, 'esbenp.prettier-vscode': ['11.0.0'] }, ForceInstalledExtensions: ['corp.tool@1.0.0'] });
    enforcer.assertExtensionAllowed('microsoft.python', '2024.1.0');
    enforcer.assertExtensionAllowed('esbenp.prettier-vscode', '11.0.0');
    enforcer.assertExtensionAllowed('corp.tool', '1.0.0');
    expect(denial(() => enforcer.assertExtensionAllowed('evil.miner', '1.0.0')).message).toContain('denied by entry "*"');
    expect(denial(() => enforcer.assertExtensionAllowed('esbenp.prettier-vscode', '10.0.0')).message).toContain('allows only versions 11.0.0');
    denial(() => enforcer.assertExtensionAllowed('corp.tool', '2.0.0'));
    expect(enforcer.forceInstalledExtensions()).toEqual([{ id: 'corp.tool', version: '1.0.0' }]);
  });

  it('AIEnabled, AllowedAIProviders, AllowedAIModels, AIExcludedFiles', () => {
    const { enforcer } = enforcerWith({ AllowedAIProviders: ['anthropic'], AllowedAIModels: ['anthropic/claude-*'], AIExcludedFiles: ['.env', '**/secrets/**'] });
    enforcer.assertAIAllowed({ provider: 'Anthropic', model: 'claude-sonnet' });
    denial(() => enforcer.assertAIAllowed({ provider: 'openai', model: 'gpt' }));
    denial(() => enforcer.assertAIAllowed({ provider: 'anthropic', model: 'other' }));
    enforcer.assertFileMayGoToAI('/w/src/main.ts');
    expect(denial(() => enforcer.assertFileMayGoToAI('/w/app/.env')).message).toContain('matches ".env"');
    denial(() => enforcer.assertFileMayGoToAI('/w/secrets/../secrets/key.txt', { provider: 'anthropic', model: 'claude-x' }));
    const off = enforcerWith({ AIEnabled: false }).enforcer;
    expect(denial(() => off.assertFileMayGoToAI('/w/a.ts')).message).toContain('AIEnabled');
  });

  it('RequireFolderTrust with TrustedFolders, by whole path segments', () => {
    const { enforcer } = enforcerWith({ RequireFolderTrust: true, TrustedFolders: ['/home/u/src'] });
    enforcer.assertFolderTrusted('/home/u/src');
    enforcer.assertFolderTrusted('/home/u/src/app');
    denial(() => enforcer.assertFolderTrusted('/home/u/src-evil'));
    denial(() => enforcer.assertFolderTrusted('/home/u/src/../Downloads'));
    denial(() => enforcer.assertFolderTrusted('/HOME/u/src'));
    enforcerWith({ RequireFolderTrust: true, TrustedFolders: ['C:\\src'] }, { caseInsensitivePaths: true }).enforcer.assertFolderTrusted('c:/SRC/x');
  });

  it('UpdateMode, UpdateChannel, minimum and maximum version', () => {
    const { enforcer } = enforcerWith({ UpdateMode: 'manual', UpdateMinimumVersion: '1.2.0', UpdateMaximumVersion: '1.9.0' });
    enforcer.assertUpdateAllowed('1.5.0');
    denial(() => enforcer.assertUpdateAllowed('1.5.0', { automatic: true }));
    denial(() => enforcer.assertUpdateAllowed('1.1.9'));
    denial(() => enforcer.assertUpdateAllowed('1.9.1'));
    denial(() => enforcer.assertUpdateAllowed('1.5.0', { channel: 'insiders' }));
    denial(() => enforcer.assertUpdateAllowed('banana'));
    denial(() => enforcerWith({ UpdateMode: 'off' }).enforcer.assertUpdateAllowed('1.0.0'));
  });

  it('AllowedOrganizationId and TelemetryLevel', () => {
    const { enforcer } = enforcerWith({ AllowedOrganizationId: 'corp', TelemetryLevel: 'crash' });
    enforcer.assertOrganizationAllowed('corp');
    denial(() => enforcer.assertOrganizationAllowed('other'));
    expect([enforcer.telemetryAllows('crash'), enforcer.telemetryAllows('error'), enforcer.telemetryAllows('usage')]).toEqual([true, false, false]);
  });

  it('still refuses when the audit sink throws', () => {
    const layer = emptyLayer('machine', 'mandatory', 'machine', 'x', 'ok');
    layer.entries.push({ key: 'AIEnabled', value: false, origin: 'x' });
    const r = resolvePolicies({ layers: [layer] });
    const set = new EffectivePolicies(r.policies, [], [], 0);
    const enforcer = new PolicyEnforcer(() => set, { emit: () => { throw new Error('disk full'); } });
    denial(() => enforcer.assertAIAllowed({ provider: 'a', model: 'b' }));
  });
});
