import { describe, expect, it } from 'vitest';
import { takeSessionToken } from './sessionToken.js';
import { rpcUrl } from './webSocketTransport.js';

function fakes(href: string) {
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
  const replaced: string[] = [];
  const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) } as unknown as History;
  return { location: { href } as Location, storage, history, replaced };
}

describe('session token', () => {
  it('takes the token from the URL once, stores it, and removes it from the visible URL', () => {
    const f = fakes('http://127.0.0.1:5000/?token=s3cret&x=1#frag');
    expect(takeSessionToken(f.location, f.storage, f.history)).toBe('s3cret');
    expect(f.replaced).toEqual(['/?x=1#frag']);
    const reload = fakes('http://127.0.0.1:5000/');
    expect(takeSessionToken(reload.location, f.storage, reload.history)).toBe('s3cret');
    expect(reload.replaced).toEqual([]);
  });

  it('survives a browser that refuses storage', () => {
    const f = fakes('http://h/?token=t');
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } } as unknown as Storage;
    expect(takeSessionToken(f.location, broken, f.history)).toBe('t');
    expect(takeSessionToken({ href: 'http://h/' } as Location, broken, f.history)).toBeUndefined();
  });

  it('builds the socket URL on the page origin', () => {
    expect(rpcUrl({ protocol: 'http:', host: '127.0.0.1:5000' } as Location, 'a b')).toBe('ws://127.0.0.1:5000/rpc?token=a%20b');
    expect(rpcUrl({ protocol: 'https:', host: 'ide.example' } as Location, undefined)).toBe('wss://ide.example/rpc');
  });
});
