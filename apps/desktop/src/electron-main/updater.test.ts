import { describe, expect, it, vi } from 'vitest';
import { startAutoUpdates } from './updater.js';

describe('startAutoUpdates', () => {
  it('does not even load the updater when unpackaged', async () => {
    const load = vi.fn();
    expect(await startAutoUpdates({ isPackaged: false, log: () => {}, load })).toBe('skipped');
    expect(load).not.toHaveBeenCalled();
  });

  it('checks once when packaged', async () => {
    const checkForUpdatesAndNotify = vi.fn(async () => null);
    expect(await startAutoUpdates({ isPackaged: true, log: () => {}, load: async () => ({ checkForUpdatesAndNotify }) })).toBe('checked');
    expect(checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
  });

  it('logs and swallows a failing feed', async () => {
    const log = vi.fn();
    const result = await startAutoUpdates({ isPackaged: true, log, load: async () => ({ checkForUpdatesAndNotify: async () => Promise.reject(new Error('ENOTFOUND updates.example')) }) });
    expect(result).toBe('failed');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('ENOTFOUND'));
  });
});
