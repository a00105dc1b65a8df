import { describe, expect, it } from 'vitest';
import { KeybindingResolver, parseChord, type KeyStroke } from './keybindings.js';

const k = (key: string, mods: Partial<KeyStroke> = {}): KeyStroke => ({ key, ctrl: false, meta: false, alt: false, shift: false, ...mods });

describe('KeybindingResolver', () => {
  it('maps mod to Ctrl off macOS and to Cmd on macOS', () => {
    expect(parseChord('mod+shift+e', false)).toEqual(k('e', { ctrl: true, shift: true }));
    expect(parseChord('mod+shift+e', true)).toEqual(k('e', { meta: true, shift: true }));
    expect(new KeybindingResolver(false).press(k('s', { ctrl: true }))).toEqual({ kind: 'command', id: 'save' });
    expect(new KeybindingResolver(true).press(k('s', { meta: true }))).toEqual({ kind: 'command', id: 'save' });
    expect(new KeybindingResolver(true).press(k('s', { ctrl: true }))).toEqual({ kind: 'none' });
  });

  it('tells apart Ctrl+S and Ctrl+Alt+S; matches PageDown', () => {
    const r = new KeybindingResolver(false);
    expect(r.press(k('s', { ctrl: true, alt: true }))).toEqual({ kind: 'command', id: 'saveAll' });
    expect(r.press(k('pagedown', { ctrl: true }))).toEqual({ kind: 'command', id: 'nextEditor' });
    expect(r.press(k('s'))).toEqual({ kind: 'none' });
  });

  it('resolves chords and cancels a broken one', () => {
    const r = new KeybindingResolver(false);
    expect(r.press(k('k', { ctrl: true }))).toEqual({ kind: 'pending' });
    expect(r.press(k('o', { ctrl: true }))).toEqual({ kind: 'command', id: 'openFolder' });
    expect(r.press(k('k', { ctrl: true }))).toEqual({ kind: 'pending' });
    expect(r.press(k('x'))).toEqual({ kind: 'cancelled' });
    expect(r.press(k('s', { ctrl: true }))).toEqual({ kind: 'command', id: 'save' });
  });

  it('matches function keys with and without Shift, and the index commands', () => {
    const r = new KeybindingResolver(false);
    expect(r.press(k('f12'))).toEqual({ kind: 'command', id: 'goToDefinition' });
    expect(r.press(k('f12', { shift: true }))).toEqual({ kind: 'command', id: 'findReferences' });
    expect(r.press(k('f12', { ctrl: true }))).toEqual({ kind: 'none' });
    expect(r.press(k('t', { ctrl: true }))).toEqual({ kind: 'command', id: 'goToSymbol' });
    expect(r.press(k('f', { ctrl: true, shift: true }))).toEqual({ kind: 'command', id: 'findInFiles' });
    expect(r.press(k('k', { ctrl: true }))).toEqual({ kind: 'pending' });
    expect(r.press(k('o', { ctrl: true, shift: true }))).toEqual({ kind: 'command', id: 'showOutline' });
  });
});
