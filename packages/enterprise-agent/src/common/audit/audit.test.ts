import { describe, expect, it } from 'vitest';
import { canonicalJson, recordHashInput } from './canonical.js';
import { isRecorded, isValidAction, levelOf } from './levels.js';
import { MASK, sanitizeDetails, sanitizeText } from './sanitize.js';

describe('canonicalJson', () => {
  it('does not depend on key order at any depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('hashes a record without its own hash field', () => {
    expect(recordHashInput({ hash: 'x', seq: 1 } as never)).toBe('{"seq":1}');
  });
});

describe('sanitize', () => {
  it('masks secrets by key and by value shape, and keeps the rest', () => {
    const d = sanitizeDetails({
      token: 'abc',
      apiKey: 'k',
      Authorization: 'x',
      nested: { client_secret: 's', ok: 'fine', empty_password: '' },
      jwt: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      pem: '-----BEGIN PRIVATE KEY-----\nMII',
      remote: 'https://bob:hunter2@git.example/x.git',
      count: 3,
    });
    expect(d).toEqual({ token: MASK, apiKey: MASK, Authorization: MASK, nested: { client_secret: MASK, ok: 'fine', empty_password: '' }, jwt: MASK, pem: MASK, remote: `https://bob:${MASK}@git.example/x.git`, count: 3 });
  });

  it('writes control characters, ANSI escapes and line separators out as text', () => {
    expect(sanitizeText('a\x1b]0;title\x07b\r\nc\u2028d\u009b')).toBe('a\\u001b]0;title\\u0007b\\u000d\\u000ac\\u2028d\\u009b');
    expect(sanitizeDetails({ 'k\x1b': 'v' })).toEqual({ 'k\\u001b': 'v' });
  });

  it('bounds size and depth and turns non-JSON values into strings', () => {
    const long = sanitizeText('x'.repeat(5000));
    expect(long.length).toBeLessThan(4200);
    expect(long).toMatch(/…\[904 more\]$/);
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 10; i++) deep = { d: deep };
    expect(JSON.stringify(sanitizeDetails(deep))).toContain('[too deep]');
    expect(sanitizeDetails({ n: Number.NaN, b: 10n, f: () => 1 })).toEqual({ n: 'NaN', b: '10', f: 'function' });
  });
});

describe('levels', () => {
  it('classifies actions and applies the AuditLevel policy', () => {
    expect(levelOf('auth.signin')).toBe('security');
    expect(levelOf('extension.install')).toBe('security');
    expect(levelOf('git.push')).toBe('full');
    expect(levelOf('git.push', 'denied')).toBe('security');
    expect(isRecorded('security', 'security')).toBe(true);
    expect(isRecorded('security', 'full')).toBe(false);
    expect(isRecorded('full', 'full')).toBe(true);
    expect(isRecorded('off', 'security')).toBe(false);
    expect(isValidAction('policy.violation')).toBe(true);
    expect(isValidAction('noNamespace')).toBe(false);
    expect(isValidAction('auth.sign in')).toBe(false);
  });
});
