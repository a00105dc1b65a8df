import { describe, expect, it } from 'vitest';
import { isVersion } from '../../match/version.js';
import type { PolicyDefinition } from '../types.js';
import { validatePolicyValue } from '../resolve.js';
import { policyDefinitions, type PolicyValueOf } from './index.js';

const defs = policyDefinitions as readonly PolicyDefinition[];
const byKey = new Map(defs.map((d) => [d.key, d]));

describe('policy registry', () => {
  it('declares every key once, in PascalCase, with a valid version', () => {
    expect(new Set(defs.map((d) => d.key)).size).toBe(defs.length);
    for (const d of defs) {
      expect(d.key).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(isVersion(d.since)).toBe(true);
      expect(d.description.length).toBeGreaterThan(20);
    }
  });

  it('has the keys and values the issue names, exactly', () => {
    const enumValues = (k: string) => {
      const t = byKey.get(k)!.type;
      return t.kind === 'enum' ? t.values : null;
    };
    expect(enumValues('TelemetryLevel')).toEqual(['off', 'crash', 'error', 'all']);
    expect(enumValues('UpdateMode')).toEqual(['off', 'manual', 'auto']);
    expect(enumValues('AuditLevel')).toEqual(['off', 'security', 'full']);
    for (const k of ['AIEnabled', 'RequireSignIn', 'MFARequired', 'LocalDataEncryptionRequired', 'SecretStoreFallbackAllowed', 'RequireFolderTrust']) expect(byKey.get(k)!.type.kind).toBe('boolean');
    expect(byKey.get('AllowedGitRemoteHosts')!.type).toMatchObject({ kind: 'list', item: 'host-pattern' });
    for (const k of ['AllowedExtensions', 'ForceInstalledExtensions', 'AllowedAIProviders', 'AllowedAIModels', 'AIExcludedFiles', 'UpdateChannel', 'UpdateMinimumVersion', 'UpdateMaximumVersion', 'UpdateFeedURL', 'AllowedOrganizationId', 'SessionMaxAge', 'IdleTimeout', 'AuditUploadEndpoint', 'TrustedFolders', 'ProxyMode', 'ProxyServer', 'EnrollmentToken', 'ConsoleURL']) {
      expect(byKey.has(k), k).toBe(true);
    }
  });

  it('has defaults, examples and expiry fallbacks that pass its own validator', () => {
    for (const d of defs) {
      expect(validatePolicyValue(d, d.default), `${d.key} default`).toMatchObject({ ok: true });
      expect(validatePolicyValue(d, d.example), `${d.key} example`).toMatchObject({ ok: true });
      if (d.cloudExpiry === 'most-restrictive') {
        expect(d.mostRestrictive, `${d.key} needs mostRestrictive`).not.toBeUndefined();
        expect(validatePolicyValue(d, d.mostRestrictive), `${d.key} mostRestrictive`).toMatchObject({ ok: true });
      }
    }
  });

  it('declares merge rules that fit the value types', () => {
    for (const d of defs) {
      const m = d.merge;
      if (m.rule === 'union') expect(d.type.kind, d.key).toBe('list');
      if (m.rule === 'deny-wins') expect(m.deny === undefined ? d.type.kind === 'extension-map' : d.type.kind === 'boolean', d.key).toBe(true);
      if (m.rule === 'most-restrictive') {
        if (Array.isArray(m.order)) expect([...m.order].sort(), d.key).toEqual(d.type.kind === 'enum' ? [...d.type.values].sort() : [false, true]);
        else expect(['integer', 'string'], d.key).toContain(d.type.kind);
      }
    }
  });

  it('gives setting-backed keys unique setting ids, and keeps the enrollment token machine-only and secret', () => {
    const settings = defs.filter((d) => d.setting).map((d) => d.setting);
    expect(new Set(settings).size).toBe(settings.length);
    const token = byKey.get('EnrollmentToken')!;
    expect(token.sources).toEqual(['machine']);
    expect(token.scopes).toEqual(['machine']);
    expect(token.sensitive).toBe(true);
    expect(byKey.get('ConsoleURL')!.sources).not.toContain('cloud');
  });

  it('bounds the audit outbox budget in MiB, 64 by default, the highest-precedence source deciding', () => {
    const d = byKey.get('AuditOutboxMaxSize')!;
    expect(d).toMatchObject({ category: 'Audit', default: 64, type: { kind: 'integer', min: 1, max: 4096, unit: 'MiB', nullable: false }, merge: { rule: 'override' } });
    expect(validatePolicyValue(d, 0)).toMatchObject({ ok: false });
    expect(validatePolicyValue(d, 4097)).toMatchObject({ ok: false });
    expect(validatePolicyValue(d, 1.5)).toMatchObject({ ok: false });
  });

  it('types values from the declaration', () => {
    const level: PolicyValueOf<'TelemetryLevel'> = 'crash';
    const hosts: PolicyValueOf<'AllowedGitRemoteHosts'> = ['github.com'];
    const age: PolicyValueOf<'SessionMaxAge'> = null;
    expect([level, hosts, age]).toBeTruthy();
  });
});
