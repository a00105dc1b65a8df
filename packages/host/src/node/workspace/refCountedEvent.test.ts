import { Emitter } from '@marie/protocol';
import { describe, expect, it } from 'vitest';
import { refCountedEvent } from './refCountedEvent.js';

describe('refCountedEvent', () => {
  it('starts on the first listener and stops after the last, once each', () => {
    const log: string[] = [];
    const emitter = new Emitter<number>();
    const event = refCountedEvent(emitter, () => log.push('start'), () => log.push('stop'));
    const got: number[] = [];
    const a = event((n) => got.push(n));
    const b = event((n) => got.push(n * 10));
    emitter.fire(1);
    a.dispose();
    a.dispose(); // double dispose must not stop the source under b's feet
    expect(log).toEqual(['start']);
    b.dispose();
    expect(log).toEqual(['start', 'stop']);
    event(() => undefined);
    expect(log).toEqual(['start', 'stop', 'start']);
    expect(got).toEqual([1, 10]);
  });
});
