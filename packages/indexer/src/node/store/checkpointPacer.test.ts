import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CheckpointPacer } from './checkpointPacer.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('checkpoints after a quiet moment, not after each batch', () => {
  let runs = 0;
  const pacer = new CheckpointPacer(() => runs++, 100, 1000);
  for (let i = 0; i < 5; i++) {
    pacer.wrote(10);
    vi.advanceTimersByTime(50);
  }
  expect(runs).toBe(0);
  vi.advanceTimersByTime(100);
  expect(runs).toBe(1);
  vi.advanceTimersByTime(1000);
  expect(runs).toBe(1); // nothing written since
});

it('checkpoints as soon as the batch is answered once enough was written, however busy', () => {
  let runs = 0;
  const pacer = new CheckpointPacer(() => runs++, 100, 1000);
  for (let i = 0; i < 12; i++) {
    pacer.wrote(100);
    vi.advanceTimersByTime(10); // runs pending immediates
  }
  expect(runs).toBe(1);
  pacer.dispose();
  vi.advanceTimersByTime(1000);
  expect(runs).toBe(1);
});
