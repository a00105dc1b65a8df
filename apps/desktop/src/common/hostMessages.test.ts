import { describe, expect, it } from 'vitest';
import { parseHostToMain, parseMainToHost } from './hostMessages.js';

describe('host messages', () => {
  it('parses well-formed messages both ways', () => {
    expect(parseMainToHost({ type: 'start', roots: ['/w'] })).toEqual({ type: 'start', roots: ['/w'] });
    expect(parseMainToHost({ type: 'connect', client: 4 })).toEqual({ type: 'connect', client: 4 });
    expect(parseMainToHost({ type: 'open-folder', path: '/w' })).toEqual({ type: 'open-folder', path: '/w' });
    expect(parseMainToHost({ type: 'trash-result', id: 3, error: 'nope' })).toEqual({ type: 'trash-result', id: 3, error: 'nope' });
    expect(parseHostToMain({ type: 'trash', id: 1, path: '/w/a' })).toEqual({ type: 'trash', id: 1, path: '/w/a' });
    expect(parseHostToMain({ type: 'roots', roots: [] })).toEqual({ type: 'roots', roots: [] });
  });

  it('drops anything malformed', () => {
    for (const bad of [null, 'connect', [], { type: 'start', roots: '/w' }, { type: 'start', roots: [''] }, { type: 'connect' }, { type: 'open-folder' }, { type: 'trash-result', id: -1 }, { type: 'eval' }]) {
      expect(parseMainToHost(bad)).toBeNull();
    }
    for (const bad of [undefined, { type: 'trash', id: 1.5, path: '/a' }, { type: 'trash', id: 1, path: 7 }, { type: 'roots', roots: [1] }, { type: 'connect' }]) {
      expect(parseHostToMain(bad)).toBeNull();
    }
  });
});
