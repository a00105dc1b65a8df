import { createStore, type StoreApi } from 'zustand/vanilla';
import { toWireError } from '@marie/editor-core';

/** One row of a picker, display-ready; choosing it runs `run`. */
export interface PickItem {
  readonly id: string;
  readonly label: string;
  /** Indexes into `label` that matched the query, for highlighting. */
  readonly labelHighlights: readonly number[];
  /** Dimmed after the label: a folder, a container. */
  readonly description?: string;
  readonly descriptionHighlights?: readonly number[];
  /** A short kind tag ("class", "fn"), shown before the label. */
  readonly kind?: string;
  run(): void;
}

export interface PickAnswer {
  readonly items: readonly PickItem[];
  /** The index was still being built: results may be missing. */
  readonly partial: boolean;
}

/** What a picker lists and how it asks for it. */
export interface PickSource {
  /** The picker's accessible name ("Go to File"). */
  readonly title: string;
  readonly placeholder: string;
  /** Wait this long after the last keystroke before asking (0 for local lists). */
  readonly debounceMs: number;
  query(text: string, signal: AbortSignal): Promise<PickAnswer>;
}

export interface QuickPickState {
  readonly source: PickSource | undefined;
  readonly query: string;
  readonly items: readonly PickItem[];
  readonly active: number;
  readonly partial: boolean;
  /** A query is in flight (or waiting out its debounce). */
  readonly loading: boolean;
  readonly error: string | undefined;
}

const closed: QuickPickState = { source: undefined, query: '', items: [], active: 0, partial: false, loading: false, error: undefined };

/**
 * The one quick pick of the workbench (files, symbols, definition candidates). Typing is
 * debounced; each new query aborts the previous request, and an answer that arrives after a
 * newer query was sent is dropped, so results never jump back to an older query.
 */
export class QuickPick {
  readonly store: StoreApi<QuickPickState> = createStore<QuickPickState>(() => closed);
  private generation = 0;
  private inFlight: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  show(source: PickSource, query = ''): void {
    this.cancel();
    this.store.setState({ ...closed, source, query });
    this.schedule(query, 0);
  }

  setQuery(query: string): void {
    const source = this.store.getState().source;
    if (!source) return;
    this.store.setState({ query });
    this.schedule(query, source.debounceMs);
  }

  /** Moves the active row, wrapping around at both ends. */
  move(delta: number): void {
    const { items, active } = this.store.getState();
    if (items.length) this.store.setState({ active: (active + delta + items.length) % items.length });
  }

  setActive(index: number): void {
    const { items } = this.store.getState();
    if (index >= 0 && index < items.length) this.store.setState({ active: index });
  }

  /** Closes the picker and runs the chosen row (the active one by default). */
  accept(index = this.store.getState().active): void {
    const item = this.store.getState().items[index];
    if (!item) return;
    this.hide();
    item.run();
  }

  hide(): void {
    this.cancel();
    this.store.setState(closed);
  }

  private schedule(query: string, delayMs: number): void {
    this.cancel();
    this.store.setState({ loading: true });
    const generation = this.generation;
    this.timer = setTimeout(() => void this.fetch(query, generation), delayMs);
  }

  private cancel(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private async fetch(query: string, generation: number): Promise<void> {
    const source = this.store.getState().source;
    if (!source || generation !== this.generation) return;
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const answer = await source.query(query, controller.signal);
      if (generation !== this.generation) return;
      this.store.setState({ items: answer.items, partial: answer.partial, active: 0, loading: false, error: undefined });
    } catch (e) {
      if (generation !== this.generation) return;
      this.store.setState({ items: [], loading: false, error: toWireError(e).message });
    }
  }
}
