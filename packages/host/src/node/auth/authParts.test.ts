import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransportPair } from '@marie/protocol';
import { AuthError, SecretStoreError } from '@marie/enterprise-agent';
import { observeActivity, requestChannel } from './activity.js';
import { authReasonOf } from './authReason.js';
import { DeadlineTimer } from './deadlineTimer.js';

afterEach(() => vi.useRealTimers());

describe('user activity from RPC messages', () => {
  it('reads the channel of a request from its first bytes, and nothing else', () => {
    expect(requestChannel(JSON.stringify({ t: 'req', id: 7, ch: 'workspace', m: 'write', a: { content: 'x'.repeat(10_000) } }))).toBe('workspace');
    expect(requestChannel(JSON.stringify({ t: 'sub', id: 7, ch: 'auth', ev: 'onDidChange' }))).toBeUndefined();
    expect(requestChannel(JSON.stringify({ t: 'cancel', id: 7 }))).toBeUndefined();
    expect(requestChannel('not json')).toBeUndefined();
  });

  it('counts requests to every channel but auth', async () => {
    const [a, b] = createMemoryTransportPair();
    const seen = vi.fn();
    const sub = observeActivity(b, seen);
    a.send(JSON.stringify({ t: 'req', id: 1, ch: 'auth', m: 'status', a: {} }));
    a.send(JSON.stringify({ t: 'req', id: 2, ch: 'workspace', m: 'getRoots', a: {} }));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveBeenCalledTimes(1);
    sub.dispose();
    a.send(JSON.stringify({ t: 'req', id: 3, ch: 'index', m: 'status', a: {} }));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

describe('the session deadline timer', () => {
  it('fires once the deadline passed, re-arms when replaced, and waits out delays longer than setTimeout allows', () => {
    vi.useFakeTimers({ now: 0 });
    const fired = vi.fn();
    const timer = new DeadlineTimer(fired, Date.now);
    timer.arm(1000);
    timer.arm(5000);
    vi.advanceTimersByTime(2000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(3100);
    expect(fired).toHaveBeenCalledTimes(1);
    timer.arm(40 * 24 * 3600_000);
    vi.advanceTimersByTime(2 ** 31);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(40 * 24 * 3600_000);
    expect(fired).toHaveBeenCalledTimes(2);
    timer.arm(null);
    timer.dispose();
  });
});

describe('reasons shown in the workbench', () => {
  it('keeps the code, drops the terminal hint, and names a store problem', () => {
    expect(authReasonOf(new AuthError('session-expired', 'Your session was idle for longer than the 10 minutes policy "IdleTimeout" allows; sign in again ("marie login").'))).toEqual({
      code: 'session-expired',
      message: 'Your session was idle for longer than the 10 minutes policy "IdleTimeout" allows; sign in again.',
    });
    expect(authReasonOf(new AuthError('not-signed-in', 'not signed in; run "marie login"'))).toEqual({ code: 'session-expired', message: 'not signed in' });
    expect(authReasonOf(new SecretStoreError('fallback-refused', 'No OS keychain'))).toEqual({ code: 'secret-store', message: 'The sign-in cannot be kept on this machine: No OS keychain' });
    expect(authReasonOf(new Error('boom'))).toBeUndefined();
  });
});
