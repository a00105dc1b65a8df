import type { FileChange } from '@marie/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatcher, mergeChange } from './changeBatcher.js';

describe('mergeChange', () => {
  it.each([
    [undefined, 'added', 'added'],
    ['added', 'changed', 'added'],
    ['added', 'deleted', undefined],
    ['changed', 'changed', 'changed'],
    ['changed', 'deleted', 'deleted'],
    ['deleted', 'added', 'changed'],
    ['deleted', 'changed', 'changed'],
  ] as const)('%s then %s = %s', (previous, next, result) => {
    expect(mergeChange(previous, next)).toBe(result);
  });
});

describe('ChangeBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces a window into one deduplicated batch', () => {
    const batches: FileChange[][] = [];
    const b = new ChangeBatcher({ delayMs: 75, onBatch: (c) => batches.push(c) });
    b.add('changed', '/r/a');
    b.add('changed', '/r/a');
    b.add('added', '/r/tmp');
    b.add('deleted', '/r/tmp');
    b.add('deleted', '/r/b');
    vi.advanceTimersByTime(74);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([
      [
        { type: 'changed', path: '/r/a' },
        { type: 'deleted', path: '/r/b' },
      ],
    ]);
  });

  it('flushes on a fixed window, so an endless stream still delivers', () => {
    const batches: FileChange[][] = [];
    const b = new ChangeBatcher({ delayMs: 75, onBatch: (c) => batches.push(c) });
    for (let t = 0; t < 300; t += 10) {
      b.add('changed', `/r/${t}`);
      vi.advanceTimersByTime(10);
    }
    expect(batches.length).toBeGreaterThanOrEqual(3);
  });

  it('splits huge batches and emits nothing for a window that cancelled out', () => {
    const batches: FileChange[][] = [];
    const b = new ChangeBatcher({ delayMs: 10, maxBatchSize: 100, onBatch: (c) => batches.push(c) });
    for (let i = 0; i < 250; i++) b.add('added', `/r/${i}`);
    vi.advanceTimersByTime(10);
    expect(batches.map((x) => x.length)).toEqual([100, 100, 50]);
    b.add('added', '/r/x');
    b.add('deleted', '/r/x');
    vi.advanceTimersByTime(10);
    expect(batches.length).toBe(3);
  });

  it('drops pending changes on dispose', () => {
    const onBatch = vi.fn();
    const b = new ChangeBatcher({ onBatch });
    b.add('added', '/r/x');
    b.dispose();
    vi.advanceTimersByTime(1000);
    expect(onBatch).not.toHaveBeenCalled();
  });
});
