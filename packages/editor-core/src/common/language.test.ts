import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language.js';

const langs = [
  { id: 'typescript', extensions: ['.ts', '.tsx'], aliases: ['TypeScript'] },
  { id: 'dts', extensions: ['.d.ts'] },
  { id: 'dockerfile', extensions: ['.dockerfile'], filenames: ['Dockerfile'], aliases: ['Dockerfile'] },
];

describe('pickLanguage', () => {
  it('prefers exact file names, then the longest extension', () => {
    expect(pickLanguage('Dockerfile', langs)).toEqual({ id: 'dockerfile', name: 'Dockerfile' });
    expect(pickLanguage('a.d.ts', langs).id).toBe('dts');
    expect(pickLanguage('A.TS', langs)).toEqual({ id: 'typescript', name: 'TypeScript' });
    expect(pickLanguage('notes', langs)).toEqual({ id: 'plaintext', name: 'Plain Text' });
  });
});
