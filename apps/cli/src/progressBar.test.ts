import type { IndexStatus } from '@marie/protocol';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress } from './progressBar.js';

const base: IndexStatus = { phase: 'parsing', filesDone: 0, filesTotal: 0, bytesDone: 0, rate: 0, etaMs: null, files: 0, symbols: 0, quarantined: 0 };

describe('the CLI progress line', () => {
  it('shows files done/total, rate and ETA with a bar', () => {
    expect(formatProgress({ ...base, filesDone: 1500, filesTotal: 6000, rate: 812.4, etaMs: 5_600 })).toBe('parsing     [######------------------] 1,500/6,000 files  812 files/s  ETA 6s');
  });

  it('drops the ETA when unknown or done and never overfills the bar', () => {
    expect(formatProgress({ ...base, phase: 'discovering', filesDone: 10 })).toBe('discovering [########################] 10/10 files  0 files/s');
    expect(formatProgress({ ...base, phase: 'ready', filesDone: 3, filesTotal: 3, etaMs: 0 })).toBe('ready       [########################] 3/3 files  0 files/s');
  });

  it('formats durations in seconds, then minutes', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_001)).toBe('1m00s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });
});
