import { describe, expect, it } from 'vitest';
import { chooseServer, parseServerUrl } from './serverUrl.js';

describe('server URL for sign-in', () => {
  it('accepts https anywhere and http only to this machine', () => {
    expect(parseServerUrl('https://marie.corp.example/').href).toBe('https://marie.corp.example/');
    for (const ok of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000']) expect(() => parseServerUrl(ok)).not.toThrow();
    expect(() => parseServerUrl('http://marie.corp.example')).toThrow(/not https/);
    expect(() => parseServerUrl('http://127.0.0.1.evil.example')).toThrow(/not https/);
    expect(() => parseServerUrl('ftp://x')).toThrow(/not https/);
    expect(() => parseServerUrl('not a url')).toThrow(/not a URL/);
    expect(() => parseServerUrl('https://user:pw@marie.corp.example')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://marie.corp.example/?x=1')).toThrow(/query/);
  });

  it('prefers the flag, then the policy console URL, then the previous server; the policy pins it', () => {
    expect(chooseServer({ flag: 'https://a.example/', consoleUrl: null })).toBe('https://a.example');
    expect(chooseServer({ consoleUrl: 'https://console.example/', previous: 'https://old.example' })).toBe('https://console.example');
    expect(chooseServer({ consoleUrl: null, previous: 'https://old.example/base/' })).toBe('https://old.example/base');
    expect(chooseServer({ flag: 'https://console.example', consoleUrl: 'https://console.example/' })).toBe('https://console.example');
    expect(() => chooseServer({ flag: 'https://other.example', consoleUrl: 'https://console.example' })).toThrow(/policy "ConsoleURL" pins sign-in to https:\/\/console\.example/);
    expect(() => chooseServer({ consoleUrl: null })).toThrow(/pass --server URL/);
  });
});
