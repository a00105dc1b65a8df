import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderArgument } from './commandLine.js';

describe('folderArgument', () => {
  it('finds the folder in packaged and unpackaged argv', () => {
    expect(folderArgument(['/opt/MarieIDE/marieide', '/home/me/app'], '/tmp', true)).toBe(resolve('/home/me/app'));
    expect(folderArgument(['/x/electron', '/repo/apps/desktop', 'proj'], '/home/me', false)).toBe(resolve('/home/me/proj'));
  });

  it('skips switches and returns null when there is no folder', () => {
    expect(folderArgument(['/x/marieide', '--allow-file-access-from-files', '-psn_0_123', 'src', '--inspect=0'], '/w', true)).toBe(resolve('/w/src'));
    expect(folderArgument(['/x/marieide'], '/w', true)).toBeNull();
    expect(folderArgument(['/x/electron', '/repo/apps/desktop'], '/w', false)).toBeNull();
    expect(folderArgument(['/x/marieide', '--flag'], '/w', true)).toBeNull();
  });
});
