import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, MasterKeyError } from './masterKey.js';
import { open, seal, SealError } from './seal.js';

describe('seal', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a nonce', () => {
    const a = seal(key, 'secret', 'ctx');
    expect(seal(key, 'secret', 'ctx')).not.toBe(a);
    expect(open(key, a, 'ctx').toString()).toBe('secret');
  });

  it('refuses a wrong key, another context, or a flipped byte', () => {
    const s = seal(key, 'secret', 'signing_keys:k1');
    expect(() => open(randomBytes(32), s, 'signing_keys:k1')).toThrow(SealError);
    expect(() => open(key, s, 'signing_keys:k2')).toThrow(SealError);
    const parts = s.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0]! ^= 1;
    parts[2] = body.toString('base64url');
    expect(() => open(key, parts.join('.'), 'signing_keys:k1')).toThrow(SealError);
    expect(() => open(key, 'garbage', 'x')).toThrow(/malformed/);
    // A truncated tag must not be accepted as a shorter (weaker) GCM tag.
    expect(() => open(key, s.slice(0, -4), 'signing_keys:k1')).toThrow(SealError);
  });
});

describe('master key', () => {
  it('generates one private key file in the data dir and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marie-mk-'));
    const k1 = loadMasterKey({ kind: 'data-dir', dir });
    expect(loadMasterKey({ kind: 'data-dir', dir })).toEqual(k1);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'master.key'), 'utf8').trim()).toBe(k1.toString('base64'));
  });

  it('explains a malformed or missing key', () => {
    expect(() => loadMasterKey({ kind: 'env', value: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => loadMasterKey({ kind: 'file', path: '/nonexistent/key' })).toThrow(MasterKeyError);
    const dir = mkdtempSync(join(tmpdir(), 'marie-mk-'));
    writeFileSync(join(dir, 'k'), randomBytes(32).toString('base64'));
    expect(loadMasterKey({ kind: 'file', path: join(dir, 'k') })).toHaveLength(32);
  });
});
