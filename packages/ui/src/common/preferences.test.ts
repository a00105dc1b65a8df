import { describe, expect, it } from 'vitest';
import type { IPolicyService, ISettingsService } from '@marie/protocol';
import { Preferences } from './preferences.js';

describe('Preferences', () => {
  it('opens a page only when its service is there, and one page at a time', () => {
    const none = new Preferences();
    expect(none.open('policies')).toBe(false);
    expect(none.store.getState().page).toBeNull();

    const both = new Preferences({ policy: {} as IPolicyService, settings: {} as ISettingsService });
    expect(both.open('settings')).toBe(true);
    expect(both.open('policies')).toBe(true);
    expect(both.store.getState().page).toBe('policies');
    both.close();
    expect(both.store.getState().page).toBeNull();
  });

  it('counts host restarts so an open page subscribes again', () => {
    const p = new Preferences();
    p.hostRestarted();
    p.hostRestarted();
    expect(p.store.getState().generation).toBe(2);
  });
});
