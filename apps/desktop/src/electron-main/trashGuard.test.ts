import { describe, expect, it } from 'vitest';
import { isTrashable } from './trashGuard.js';

const roots = ['/home/me/project', '/srv/other'];

describe('isTrashable', () => {
  it('allows paths inside an open root', () => {
    expect(isTrashable('/home/me/project/src/a.ts', roots)).toBe(true);
    expect(isTrashable('/srv/other/dir', roots)).toBe(true);
    expect(isTrashable('/home/me/project/..hidden', roots)).toBe(true);
  });

  it('refuses roots themselves, outside paths and tricks', () => {
    for (const path of ['/home/me/project', '/home/me/project/', '/home/me/project-evil/a', '/home/me/project/../secret', '/etc/passwd', 'relative/a.ts', '/home/me/project/a\0b', '/']) {
      expect(isTrashable(path, roots), path).toBe(false);
    }
    expect(isTrashable('/home/me/project/a.ts', [])).toBe(false);
  });
});
