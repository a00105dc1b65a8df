import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Throttle (status events)', () => {
  it('sends the first value at once, drops the middle of a burst, always sends the last', async () => {
    const out: number[] = [];
    const t = new Throttle<number>(100, (v) => out.push(v));
    for (let i = 1; i <= 50; i++) t.push(i);
    expect(out).toEqual([1]);
    await sleep(150);
    expect(out).toEqual([1, 50]);
    t.dispose();
  });

  it('lets urgent values (phase changes) through at once, and dispose drops what waits', async () => {
    const out: string[] = [];
    const t = new Throttle<string>(100, (v) => out.push(v));
    t.push('parsing 1');
    t.push('parsing 2');
    t.push('ready', true);
    expect(out).toEqual(['parsing 1', 'ready']);
    t.push('late');
    t.dispose();
    await sleep(150);
    expect(out).toEqual(['parsing 1', 'ready']);
  });
});
