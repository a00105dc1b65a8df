/**
 * The tab strip of one editor group, as plain immutable data. A preview tab (opened by a
 * single click) is reused by the next preview; it becomes pinned on edit, double-click or
 * an explicit pin. Every function returns a new state and never mutates its input.
 */
export interface Tab {
  readonly path: string;
  readonly preview: boolean;
}

export interface TabsState {
  readonly tabs: readonly Tab[];
  readonly active: string | undefined;
}

export const emptyTabs: TabsState = { tabs: [], active: undefined };

export function openTab(state: TabsState, path: string, options: { preview: boolean }): TabsState {
  const existing = state.tabs.find((t) => t.path === path);
  if (existing) {
    const next = options.preview ? state : pinTab(state, path);
    return { ...next, active: path };
  }
  const tab: Tab = { path, preview: options.preview };
  const previewIndex = options.preview ? state.tabs.findIndex((t) => t.preview) : -1;
  if (previewIndex >= 0) {
    // The new preview takes the old preview's place.
    return { tabs: state.tabs.map((t, i) => (i === previewIndex ? tab : t)), active: path };
  }
  const activeIndex = state.tabs.findIndex((t) => t.path === state.active);
  const at = activeIndex < 0 ? state.tabs.length : activeIndex + 1;
  return { tabs: [...state.tabs.slice(0, at), tab, ...state.tabs.slice(at)], active: path };
}

export function pinTab(state: TabsState, path: string): TabsState {
  if (!state.tabs.some((t) => t.path === path && t.preview)) return state;
  return { ...state, tabs: state.tabs.map((t) => (t.path === path ? { path, preview: false } : t)) };
}

export function activateTab(state: TabsState, path: string): TabsState {
  return state.tabs.some((t) => t.path === path) ? { ...state, active: path } : state;
}

/** Closing the active tab activates its right neighbour, or the left one at the end. */
export function closeTab(state: TabsState, path: string): TabsState {
  const index = state.tabs.findIndex((t) => t.path === path);
  if (index < 0) return state;
  const tabs = state.tabs.filter((_, i) => i !== index);
  if (state.active !== path) return { tabs, active: state.active };
  const neighbour = tabs[Math.min(index, tabs.length - 1)];
  return { tabs, active: neighbour?.path };
}

export function closeOtherTabs(state: TabsState, path: string): TabsState {
  const keep = state.tabs.find((t) => t.path === path);
  return keep ? { tabs: [keep], active: path } : state;
}

/** Cycles through tabs; `delta` is +1 for next, -1 for previous. */
export function cycleTab(state: TabsState, delta: 1 | -1): TabsState {
  const n = state.tabs.length;
  if (n === 0) return state;
  const index = state.tabs.findIndex((t) => t.path === state.active);
  const next = state.tabs[(((index < 0 ? 0 : index + delta) % n) + n) % n]!;
  return { ...state, active: next.path };
}

/** Renames a tab's path (after a rename or move on disk), keeping its place. */
export function retargetTab(state: TabsState, from: string, to: string): TabsState {
  if (!state.tabs.some((t) => t.path === from)) return state;
  return {
    tabs: state.tabs.filter((t) => t.path !== to).map((t) => (t.path === from ? { ...t, path: to } : t)),
    active: state.active === from ? to : state.active,
  };
}
