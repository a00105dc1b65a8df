import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CheckpointPacer } from './checkpointPacer.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('checkpoints after a quiet moment, not after each batch', () => {
  let runs = 0;
  const pacer = new CheckpointPacer(() => runs++, 100, 1000, 50, 200);
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
  // Batches of 100 count as big here (over 50): a build's.
  const pacer = new CheckpointPacer(() => runs++, 100, 1000, 50, 200);
  for (let i = 0; i < 12; i++) {
    pacer.wrote(100);
    vi.advanceTimersByTime(10); // runs pending immediates
  }
  expect(runs).toBe(1);
  pacer.dispose();
  vi.advanceTimersByTime(1000);
  expect(runs).toBe(1);
});

it('checkpoints a steady stream of small batches sooner than a build’s big ones', () => {
  let runs = 0;
  const pacer = new CheckpointPacer(() => runs++, 100, 1000, 50, 200);
  // Small batches back to back: every 200 bytes.
  for (let i = 0; i < 10; i++) {
    pacer.wrote(40);
    vi.advanceTimersByTime(10);
  }
  expect(runs).toBe(2);
  // One big batch among them: the WAL may grow to the full 1000 before the next.
  pacer.wrote(60);
  for (let i = 0; i < 20; i++) {
    pacer.wrote(40);
    vi.advanceTimersByTime(10);
  }
  expect(runs).toBe(2);
  for (let i = 0; i < 4; i++) {
    pacer.wrote(40);
    vi.advanceTimersByTime(10);
  }
  expect(runs).toBe(3);
  // After that checkpoint the stream is small again.
  for (let i = 0; i < 5; i++) {
    pacer.wrote(40);
    vi.advanceTimersByTime(10);
  }
  expect(runs).toBe(4);
});
