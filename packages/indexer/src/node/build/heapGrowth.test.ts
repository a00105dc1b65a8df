import { describe, expect, it } from 'vitest';
import { pacedRuns, paceHeapGrowth } from './heapGrowth.js';

describe('paceHeapGrowth', () => {
  it('paces while any bulk run lasts, and ending a run twice counts once', () => {
    const before = pacedRuns();
    const endA = paceHeapGrowth();
    const endB = paceHeapGrowth();
    expect(pacedRuns()).toBe(before + 2);
    endA();
    endA();
    expect(pacedRuns()).toBe(before + 1);
    endB();
    expect(pacedRuns()).toBe(before);
  });
});
