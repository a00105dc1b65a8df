import { createStore, type StoreApi } from 'zustand/vanilla';
import { toWireError } from '@marie/editor-core';
import type { IIndexService, TextMatch, TextSearchSummary } from '@marie/protocol';

export interface SearchOptions {
  readonly pattern: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
  readonly wholeWord: boolean;
  /** Comma-separated globs, as typed. */
  readonly include: string;
  readonly exclude: string;
}

export interface FileMatches {
  readonly path: string;
  readonly items: readonly TextMatch[];
}

export interface SearchState extends SearchOptions {
  /** The search whose matches are shown; matches for any other id are ignored. */
  readonly searchId: string | undefined;
  readonly running: boolean;
  /** Files in the order their first match arrived. */
  readonly groups: readonly FileMatches[];
  readonly summary: TextSearchSummary | undefined;
  readonly error: string | undefined;
}

export const MAX_SEARCH_RESULTS = 2000;

const initial: SearchState = {
  pattern: '',
  regex: false,
  caseSensitive: false,
  wholeWord: false,
  include: '',
  exclude: '',
  searchId: undefined,
  running: false,
  groups: [],
  summary: undefined,
  error: undefined,
};

export const splitGlobs = (text: string): string[] | undefined => {
  const globs = text
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return globs.length ? globs : undefined;
};

/**
 * Find in files. Matches stream in as events tagged with the search's id and are grouped by
 * file; a new search aborts the previous request and takes a new id, so late matches of an
 * old search never mix into the new results.
 */
export class SearchModel {
  readonly store: StoreApi<SearchState> = createStore<SearchState>(() => initial);
  private inFlight: AbortController | undefined;
  private nextId = 1;
  private readonly session = Date.now().toString(36);

  constructor(private readonly index: Pick<IIndexService, 'searchText'>) {}

  setOptions(options: Partial<SearchOptions>): void {
    this.store.setState(options);
  }

  async run(): Promise<void> {
    this.cancel();
    const s = this.store.getState();
    if (!s.pattern) {
      this.store.setState({ searchId: undefined, running: false, groups: [], summary: undefined, error: undefined });
      return;
    }
    const searchId = `${this.session}-${this.nextId++}`;
    const controller = new AbortController();
    this.inFlight = controller;
    this.store.setState({ searchId, running: true, groups: [], summary: undefined, error: undefined });
    try {
      const summary = await this.index.searchText(
        {
          searchId,
          pattern: s.pattern,
          regex: s.regex,
          caseSensitive: s.caseSensitive,
          wholeWord: s.wholeWord,
          include: splitGlobs(s.include),
          exclude: splitGlobs(s.exclude),
          maxResults: MAX_SEARCH_RESULTS,
        },
        controller.signal,
      );
      if (this.store.getState().searchId === searchId) this.store.setState({ running: false, summary });
    } catch (e) {
      if (this.store.getState().searchId === searchId && !controller.signal.aborted) this.store.setState({ running: false, error: toWireError(e).message });
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  /** Streamed matches from the index; only the current search's are kept. */
  handleMatches(event: { searchId: string; matches: readonly TextMatch[] }): void {
    if (event.searchId !== this.store.getState().searchId || !event.matches.length) return;
    const groups = [...this.store.getState().groups];
    const at = new Map(groups.map((g, i) => [g.path, i]));
    for (const m of event.matches) {
      const i = at.get(m.path);
      if (i === undefined) {
        at.set(m.path, groups.length);
        groups.push({ path: m.path, items: [m] });
      } else {
        groups[i] = { path: m.path, items: [...groups[i]!.items, m] };
      }
    }
    this.store.setState({ groups });
  }

  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
    if (this.store.getState().running) this.store.setState({ running: false });
  }
}
