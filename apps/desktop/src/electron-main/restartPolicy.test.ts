import { describe, expect, it } from 'vitest';
import { createRestartPolicy } from './restartPolicy.js';

describe('restart policy', () => {
  it('restarts with growing delays, then gives up', () => {
    const policy = createRestartPolicy({ maxRestarts: 3, windowMs: 60_000, baseDelayMs: 100 });
    expect(policy.onCrash(0)).toEqual({ restart: true, delayMs: 100 });
    expect(policy.onCrash(1_000)).toEqual({ restart: true, delayMs: 200 });
    expect(policy.onCrash(2_000)).toEqual({ restart: true, delayMs: 400 });
    expect(policy.onCrash(3_000)).toEqual({ restart: false });
  });

  it('forgets crashes older than the window', () => {
    const policy = createRestartPolicy({ maxRestarts: 1, windowMs: 10_000, baseDelayMs: 50 });
    expect(policy.onCrash(0).restart).toBe(true);
    expect(policy.onCrash(20_000)).toEqual({ restart: true, delayMs: 50 });
    expect(policy.onCrash(21_000)).toEqual({ restart: false });
  });
});
