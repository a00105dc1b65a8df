import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudPolicy, type BundleResult } from '../../common/cloud/cloudPolicy.js';
import type { PolicyBundleClaims } from '../../common/cloud/jwsTypes.js';
import { InMemoryTrustStore, type TrustStore } from '../../common/cloud/trustState.js';
import { resolvePolicies } from '../../common/policy/resolve.js';
import { endorseKeys, generateSigningKey, signJws, signPolicyBundle, type SigningKey } from '../bundleSigning.js';
import { FileTrustStore } from './fileTrustStore.js';
import { nodeJwsCodec } from './nodeJwsCodec.js';

const ISS = 'https://console.corp.example';
const ORG = 'corp';
const NOW = Date.UTC(2030, 0, 1) / 1000;
const root = generateSigningKey('EdDSA', 'root-1');

function claims(over: Partial<PolicyBundleClaims> = {}): PolicyBundleClaims {
  return { iss: ISS, aud: ORG, version: 1, iat: NOW - 60, exp: NOW + 3600, policies: { mandatory: { AIEnabled: false, TelemetryLevel: 'crash' } }, ...over };
}

async function open(store: TrustStore = new InMemoryTrustStore(), extra: { deviceId?: string; pinned?: SigningKey[] } = {}) {
  return CloudPolicy.open({ codec: nodeJwsCodec, pinnedKeys: (extra.pinned ?? [root]).map((k) => k.publicJwk), issuer: ISS, organizationId: ORG, deviceId: extra.deviceId, store });
}

const at = (seconds: number) => seconds * 1000;

function rejected(r: BundleResult): string {
  expect(r.accepted).toBe(false);
  return (r as { reason: string }).reason;
}

describe('signed cloud bundles', () => {
  it('accepts a good EdDSA bundle and turns it into cloud layers', async () => {
    const cloud = await open();
    expect(await cloud.accept(signPolicyBundle(claims(), root), at(NOW))).toEqual({ accepted: true, version: 1, unchanged: false });
    const r = resolvePolicies({ layers: cloud.layers(at(NOW)) });
    expect(r.policies.find((p) => p.key === 'AIEnabled')).toMatchObject({ value: false, source: 'cloud', level: 'mandatory', scope: 'user' });
    expect(cloud.status(at(NOW))).toMatchObject({ state: 'active', version: 1, keyIds: ['root-1'], lastRejection: null });
    expect(await cloud.accept(signPolicyBundle(claims(), root), at(NOW))).toMatchObject({ accepted: true, unchanged: true });
  });

  it('accepts ES256', async () => {
    const ec = generateSigningKey('ES256', 'ec-1');
    const cloud = await open(undefined, { pinned: [ec] });
    expect((await cloud.accept(signPolicyBundle(claims(), ec), at(NOW))).accepted).toBe(true);
  });

  it('rejects bad bundles, keeps the last good one in force, and shows the reason', async () => {
    const cloud = await open();
    await cloud.accept(signPolicyBundle(claims({ version: 5 }), root), at(NOW));
    const stranger = generateSigningKey('EdDSA', 'root-1');
    const good = signPolicyBundle(claims({ version: 6 }), root);
    const [h, p] = good.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'marie-policy+jwt', kid: 'root-1' })).toString('base64url')}.${p}.`;
    const tamperedPayload = Buffer.from(JSON.stringify({ ...claims({ version: 6 }), policies: { mandatory: { AIEnabled: true } } })).toString('base64url');
    const cases: [string, string, RegExp][] = [
      ['garbage', 'not.a.jws!', /malformed JWS/],
      ['two parts', 'abc.def', /malformed JWS/],
      ['alg none', none, /unsigned \(alg "none"\)/],
      ['HS256', signJws({ typ: 'marie-policy+jwt', alg: 'HS256' }, claims({ version: 6 }), root), /not allowed \(EdDSA or ES256 only\)/],
      ['wrong typ', signJws({ typ: 'JWT' }, claims({ version: 6 }), root), /wrong type/],
      ['no typ', signJws({}, claims({ version: 6 }), root), /wrong type/],
      ['endorsement typ', signJws({ typ: 'marie-keys+jwt' }, claims({ version: 6 }), root), /wrong type/],
      ['embedded jwk', signJws({ typ: 'marie-policy+jwt', jwk: root.publicJwk }, claims({ version: 6 }), root), /embedded/],
      ['crit', signJws({ typ: 'marie-policy+jwt', crit: ['exp'] }, claims({ version: 6 }), root), /critical/],
      ['bad signature', signPolicyBundle(claims({ version: 6 }), stranger), /bad signature/],
      ['tampered payload', `${h}.${tamperedPayload}.${good.split('.')[2]}`, /bad signature/],
      ['unknown kid', signPolicyBundle(claims({ version: 6 }), generateSigningKey('EdDSA', 'who')), /not trusted/],
      ['foreign audience', signPolicyBundle(claims({ version: 6, aud: 'other-org' }), root), /foreign audience/],
      ['other device', signPolicyBundle(claims({ version: 6, aud: [ORG, 'device-B'] }), root), /another device|targeted at device/],
      ['wrong issuer', signPolicyBundle(claims({ version: 6, iss: 'https://evil.example' }), root), /issuer/],
      ['expired', signPolicyBundle(claims({ version: 6, iat: NOW - 7200, exp: NOW - 1 }), root), /expired at/],
      ['from the future', signPolicyBundle(claims({ version: 6, iat: NOW + 3600, exp: NOW + 7200 }), root), /issued in the future/],
      ['replayed older', signPolicyBundle(claims({ version: 4 }), root), /replayed or older bundle: version 4 is not newer than 5/],
      ['same version, different content', signPolicyBundle(claims({ version: 5, policies: {} }), root), /not newer than 5/],
      ['wrongly typed claims', signPolicyBundle({ ...claims({ version: 6 }), version: '7' as unknown as number }, root), /malformed claims/],
      ['policies not an object', signPolicyBundle({ ...claims({ version: 6 }), policies: { mandatory: [1] as unknown as Record<string, unknown> } }, root), /malformed claims/],
      ['oversized', 'a'.repeat(2 * 1024 * 1024), /exceeds the limit/],
    ];
    for (const [name, jws, reason] of cases) {
      expect(rejected(await cloud.accept(jws, at(NOW))), name).toMatch(reason);
      expect(cloud.status(at(NOW)).version, name).toBe(5);
    }
    const status = cloud.status(at(NOW));
    expect(status.lastRejection).toMatchObject({ version: null, reason: expect.stringMatching(/exceeds/) });
    const layers = cloud.layers(at(NOW));
    expect(layers[0]!.errors[0]).toMatch(/^cloud: a bundle rejected at .*exceeds the limit.*; v5 stays in force$/);
    expect(resolvePolicies({ layers }).policies.find((p) => p.key === 'AIEnabled')!.value).toBe(false);
  });

  it('accepts a bundle targeted at this device and reports machine scope', async () => {
    const cloud = await open(undefined, { deviceId: 'device-A' });
    expect((await cloud.accept(signPolicyBundle(claims({ aud: [ORG, 'device-A'] }), root), at(NOW))).accepted).toBe(true);
    expect(cloud.layers(at(NOW))[0]!.scope).toBe('machine');
  });

  describe('key rotation', () => {
    const next = generateSigningKey('ES256', 'key-2');
    const endorsement = endorseKeys({ iss: ISS, aud: ORG, generation: 1, keys: [next.publicJwk], iat: NOW - 10 }, root);

    it('accepts a new key endorsed by the current one, then retires the old key', async () => {
      const cloud = await open();
      expect((await cloud.accept(signPolicyBundle(claims({ version: 2, keyEndorsements: [endorsement] }), next), at(NOW))).accepted).toBe(true);
      expect(cloud.status(at(NOW)).keyIds).toEqual(['key-2']);
      expect(rejected(await cloud.accept(signPolicyBundle(claims({ version: 3 }), root), at(NOW)))).toMatch(/root-1.*not trusted/);
      expect((await cloud.accept(signPolicyBundle(claims({ version: 3, keyEndorsements: [endorsement] }), next), at(NOW))).accepted).toBe(true);
    });

    it('rejects a rotation bundle signed only by the new key', async () => {
      const cloud = await open();
      const selfSigned = endorseKeys({ iss: ISS, aud: ORG, generation: 1, keys: [next.publicJwk], iat: NOW }, next);
      expect(rejected(await cloud.accept(signPolicyBundle(claims({ version: 2, keyEndorsements: [selfSigned] }), next), at(NOW)))).toMatch(/key endorsement 1: key "key-2" is not trusted/);
      expect(rejected(await cloud.accept(signPolicyBundle(claims({ version: 2 }), next), at(NOW)))).toMatch(/not trusted/);
      expect(cloud.status(at(NOW)).keyIds).toEqual(['root-1']);
    });

    it('rejects endorsements for another organisation, with private keys, or that roll back', async () => {
      const cloud = await open();
      const foreign = endorseKeys({ iss: ISS, aud: 'other', generation: 1, keys: [next.publicJwk], iat: NOW }, root);
      expect(rejected(await cloud.accept(signPolicyBundle(claims({ version: 2, keyEndorsements: [foreign] }), next), at(NOW)))).toMatch(/addressed to other/);
      const priv = { ...next.publicJwk, d: 'secret' };
      const leaky = endorseKeys({ iss: ISS, aud: ORG, generation: 1, keys: [priv as never], iat: NOW }, root);
      expect(rejected(await cloud.accept(signPolicyBundle(claims({ version: 2, keyEndorsements: [leaky] }), next), at(NOW)))).toMatch(/key endorsement 1/);
      const third = generateSigningKey('EdDSA', 'key-3');
      const e2 = endorseKeys({ iss: ISS, aud: ORG, generation: 2, keys: [third.publicJwk], iat: NOW }, next);
      expect((await cloud.accept(signPolicyBundle(claims({ version: 2, keyEndorsements: [endorsement, e2] }), third), at(NOW))).accepted).toBe(true);
      // The old generation-1 endorsement is skipped, not re-applied: key-2 stays retired.
      expect(rejected(await cloud.accept(signPolicyBundle(claims({ version: 3, keyEndorsements: [endorsement] }), next), at(NOW)))).toMatch(/key-2.*not trusted/);
    });
  });

  describe('persistence', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'marie-trust-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps version, keys and the last good bundle across restarts', async () => {
      const path = join(dir, 'cloud-trust.json');
      const next = generateSigningKey('EdDSA', 'key-2');
      const e = endorseKeys({ iss: ISS, aud: ORG, generation: 1, keys: [next.publicJwk], iat: NOW }, root);
      const first = await open(new FileTrustStore(path));
      expect((await first.accept(signPolicyBundle(claims({ version: 7, keyEndorsements: [e] }), next), at(NOW))).accepted).toBe(true);

      const second = await open(new FileTrustStore(path));
      expect(second.loadErrors).toEqual([]);
      expect(second.status(at(NOW))).toMatchObject({ version: 7, keyIds: ['key-2'] });
      expect(rejected(await second.accept(signPolicyBundle(claims({ version: 7, policies: {} }), next), at(NOW)))).toMatch(/replayed/);
      expect((await second.accept(signPolicyBundle(claims({ version: 8 }), next), at(NOW))).accepted).toBe(true);
    });

    it('rebuilds trust only from the pinned root when the state is deleted or tampered with', async () => {
      const path = join(dir, 'cloud-trust.json');
      const next = generateSigningKey('EdDSA', 'key-2');
      const e = endorseKeys({ iss: ISS, aud: ORG, generation: 1, keys: [next.publicJwk], iat: NOW }, root);
      const first = await open(new FileTrustStore(path));
      await first.accept(signPolicyBundle(claims({ version: 3, keyEndorsements: [e] }), next), at(NOW));

      await rm(path);
      const fresh = await open(new FileTrustStore(path));
      expect(fresh.status(at(NOW))).toMatchObject({ state: 'none', keyIds: ['root-1'] });
      // key-2 is trusted again only through the endorsement chain from the root.
      expect(rejected(await fresh.accept(signPolicyBundle(claims({ version: 4 }), next), at(NOW)))).toMatch(/not trusted/);
      expect((await fresh.accept(signPolicyBundle(claims({ version: 4, keyEndorsements: [e] }), next), at(NOW))).accepted).toBe(true);

      // An attacker's key smuggled into the stored chain does not survive a restart.
      const evil = generateSigningKey('EdDSA', 'evil');
      const forged = endorseKeys({ iss: ISS, aud: ORG, generation: 2, keys: [evil.publicJwk], iat: NOW }, evil);
      const state = JSON.parse(await readFile(path, 'utf8'));
      await writeFile(path, JSON.stringify({ ...state, chain: [...state.chain, forged] }));
      const reopened = await open(new FileTrustStore(path));
      expect(reopened.loadErrors[0]).toMatch(/stored key chain rejected.*rebuilt from the pinned root key/);
      expect(reopened.status(at(NOW)).keyIds).toEqual(['root-1']);

      await writeFile(path, '{not json');
      const corrupt = await open(new FileTrustStore(path));
      expect(corrupt.loadErrors[0]).toMatch(/trusted state unreadable/);
    });
  });

  describe('expiry', () => {
    it('applies each key\'s declared behaviour once the bundle has expired', async () => {
      const cloud = await open();
      await cloud.accept(signPolicyBundle(claims({ exp: NOW + 60, policies: { mandatory: { AIEnabled: true, SecretStoreFallbackAllowed: true, TelemetryLevel: 'crash' } } }), root), at(NOW));
      const before = resolvePolicies({ layers: cloud.layers(at(NOW)) }).policies;
      expect(before.find((p) => p.key === 'SecretStoreFallbackAllowed')!.value).toBe(true);
      const later = at(NOW + 61);
      expect(cloud.status(later).state).toBe('expired');
      const after = resolvePolicies({ layers: cloud.layers(later) }).policies;
      const fallback = after.find((p) => p.key === 'SecretStoreFallbackAllowed')!;
      expect(fallback).toMatchObject({ value: false, source: 'cloud' });
      expect(fallback.errors[0]).toMatch(/expired at .*falls back to its most restrictive value/);
      expect(after.find((p) => p.key === 'AIEnabled')!.value).toBe(false);
      const kept = after.find((p) => p.key === 'TelemetryLevel')!;
      expect(kept.value).toBe('crash');
      expect(kept.errors[0]).toMatch(/keeps its value \(declared expiry: keep\)/);
    });
  });
});
