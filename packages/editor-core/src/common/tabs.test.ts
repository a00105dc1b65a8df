import { describe, expect, it } from 'vitest';
import { activateTab, closeOtherTabs, closeTab, cycleTab, emptyTabs, openTab, pinTab, retargetTab, type TabsState } from './tabs.js';

const paths = (s: TabsState) => s.tabs.map((t) => (t.preview ? `${t.path}*` : t.path));

describe('tabs', () => {
  it('a new preview replaces the previous preview in place', () => {
    let s = openTab(emptyTabs, 'a', { preview: false });
    s = openTab(s, 'b', { preview: true });
    s = openTab(s, 'c', { preview: false });
    s = openTab(s, 'd', { preview: true });
    expect(paths(s)).toEqual(['a', 'd*', 'c']);
    expect(s.active).toBe('d');
  });

  it('inserts after the active tab', () => {
    let s = openTab(emptyTabs, 'a', { preview: false });
    s = openTab(s, 'b', { preview: false });
    s = activateTab(s, 'a');
    s = openTab(s, 'c', { preview: false });
    expect(paths(s)).toEqual(['a', 'c', 'b']);
  });

  it('opening a preview pinned (double-click) pins it; a preview request never unpins', () => {
    let s = openTab(emptyTabs, 'a', { preview: true });
    s = openTab(s, 'a', { preview: false });
    expect(paths(s)).toEqual(['a']);
    s = openTab(s, 'a', { preview: true });
    expect(paths(s)).toEqual(['a']);
    s = openTab(s, 'b', { preview: true });
    expect(paths(s)).toEqual(['a', 'b*']);
  });

  it('an explicit pin keeps the tab when the next preview opens', () => {
    let s = openTab(emptyTabs, 'a', { preview: true });
    s = pinTab(s, 'a');
    s = openTab(s, 'b', { preview: true });
    expect(paths(s)).toEqual(['a', 'b*']);
  });

  it('closing the active tab activates the right neighbour, else the left', () => {
    let s = ['a', 'b', 'c'].reduce((acc, p) => openTab(acc, p, { preview: false }), emptyTabs);
    s = activateTab(s, 'b');
    s = closeTab(s, 'b');
    expect(s.active).toBe('c');
    s = closeTab(s, 'c');
    expect(s.active).toBe('a');
    s = closeTab(s, 'a');
    expect(s).toEqual({ tabs: [], active: undefined });
  });

  it('closing an inactive tab keeps the active one', () => {
    let s = ['a', 'b'].reduce((acc, p) => openTab(acc, p, { preview: false }), emptyTabs);
    s = closeTab(s, 'a');
    expect(s.active).toBe('b');
  });

  it('close others, next and previous with wrap-around', () => {
    let s = ['a', 'b', 'c'].reduce((acc, p) => openTab(acc, p, { preview: false }), emptyTabs);
    expect(cycleTab(s, 1).active).toBe('a');
    expect(cycleTab(s, -1).active).toBe('b');
    s = closeOtherTabs(s, 'b');
    expect(paths(s)).toEqual(['b']);
    expect(s.active).toBe('b');
  });

  it('retargets a renamed tab in place', () => {
    let s = ['a', 'b'].reduce((acc, p) => openTab(acc, p, { preview: false }), emptyTabs);
    s = retargetTab(s, 'a', 'x');
    expect(paths(s)).toEqual(['x', 'b']);
  });
});
