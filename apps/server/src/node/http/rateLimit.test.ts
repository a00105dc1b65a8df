import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rateLimit.js';

describe('RateLimiter', () => {
  it('allows the limit per window and key, then says how long to wait', () => {
    let t = 0;
    const rl = new RateLimiter(2, 10_000, () => t);
    expect([rl.hit('a'), rl.hit('a'), rl.hit('b')]).toEqual([0, 0, 0]);
    t = 4_000;
    expect(rl.hit('a')).toBe(6);
    t = 10_000;
    expect(rl.hit('a')).toBe(0);
  });
});
