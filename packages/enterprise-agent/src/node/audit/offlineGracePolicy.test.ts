import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';
import { EffectivePolicies } from '../../common/policy/effective.js';
import { emptyLayer } from '../../common/policy/layers.js';
import { resolvePolicies } from '../../common/policy/resolve.js';
import { LocalTestKeyWrapper } from '../localStore/localTestKeyWrapper.js';
import { MemorySecretStore } from '../testSupport/memorySecretStore.js';
import { openAuditOutbox, type OpenedAuditOutbox } from './openAuditOutbox.js';

const MINUTE = 60_000;
let clock: number;
let kek: LocalTestKeyWrapper;
let secrets: MemorySecretStore;
const opened: OpenedAuditOutbox[] = [];

/** Effective policy as the engine would compute it from mandatory machine and cloud values. */
function effectiveWith(machine: number, cloud: number): EffectivePolicies {
  const layers = (['machine', 'cloud'] as const).map((source, i) => {
    const l = emptyLayer(source, 'mandatory', 'machine', `${source}.json`, 'ok');
    l.entries.push({ key: 'LocalDataOfflineGracePeriod', value: [machine, cloud][i], origin: `${source}.json` });
    return l;
  });
  const r = resolvePolicies({ layers });
  return new EffectivePolicies(r.policies, r.errors, [], 0);
}

async function open(dataDir: string, policy: EffectivePolicies): Promise<OpenedAuditOutbox> {
  const o = await openAuditOutbox({ dataDir, keyWrapper: kek, secrets, policy: { LocalDataOfflineGracePeriod: policy.get('LocalDataOfflineGracePeriod') }, maxBytes: 1 << 20, now: () => clock });
  opened.push(o);
  return o;
}

const status = (o: OpenedAuditOutbox) => o.outbox.status().pendingEvents;
const newDir = () => mkdtempSync(join(tmpdir(), 'marie-grace-'));

async function errorCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(LocalStoreError);
  return (e as LocalStoreError).code;
}

beforeEach(() => {
  clock = 1_700_000_000_000;
  kek = new LocalTestKeyWrapper();
  secrets = new MemorySecretStore();
});
afterEach(() => opened.splice(0).forEach((o) => o.store.close()));

describe('LocalDataOfflineGracePeriod', () => {
  it('defaults to the week the outbox used before the key existed', () => {
    expect(EffectivePolicies.defaults().get('LocalDataOfflineGracePeriod')).toBe(7 * 24 * 60);
  });

  it('a shorter policy value locks the outbox sooner than the default', async () => {
    const strict = effectiveWith(30, 120);
    // Most restrictive wins across mandatory sources: the machine's 30 minutes, not the cloud's 120.
    expect(strict.get('LocalDataOfflineGracePeriod')).toBe(30);
    const [defaultDir, strictDir] = [newDir(), newDir()];
    const byDefault = await open(defaultDir, EffectivePolicies.defaults());
    const byPolicy = await open(strictDir, strict);
    expect(byPolicy.store.lockAt).toBe(clock + 30 * MINUTE);
    expect(byDefault.store.lockAt).toBe(clock + 7 * 24 * 60 * MINUTE);

    // The key service goes away; the cached keys carry both stores until their own deadlines.
    kek.offline = true;
    clock += 30 * MINUTE - 1;
    expect(status(byPolicy)).toBe(0);
    clock += 1;
    expect(() => status(byPolicy)).toThrow(expect.objectContaining({ code: 'store-locked' }));
    expect(status(byDefault)).toBe(0);
    expect(await errorCode(open(strictDir, strict))).toBe('grace-expired');
    expect(status(await open(defaultDir, EffectivePolicies.defaults()))).toBe(0);
  });

  it('a policy lowered between runs applies at the next open', async () => {
    const dir = newDir();
    await open(dir, effectiveWith(600, 600));
    opened.splice(0).forEach((o) => o.store.close());
    kek.offline = true;
    clock += 60 * MINUTE;
    // Still within 600 minutes, but the admin has since set 45: the cached key no longer serves.
    expect(await errorCode(open(dir, effectiveWith(45, 600)))).toBe('grace-expired');
  });
});
