import type { Results, WorkspaceRoot } from '@marie/protocol';
import type { PickItem, PickSource } from './quickPick.js';

export interface IndexSourceSpec<T> {
  title: string;
  placeholder: string;
  roots(): readonly WorkspaceRoot[];
  ask(text: string, signal: AbortSignal): Promise<Results<T>>;
  row(result: T, text: string, roots: readonly WorkspaceRoot[]): PickItem;
}

/** Typing pauses this long before the index is asked: one request per burst of keys. */
const TYPING_DEBOUNCE_MS = 40;

/** A picker over one index query, its results mapped to rows. */
export function indexSource<T>(spec: IndexSourceSpec<T>): PickSource {
  return {
    title: spec.title,
    placeholder: spec.placeholder,
    debounceMs: TYPING_DEBOUNCE_MS,
    async query(text, signal) {
      const answer = await spec.ask(text, signal);
      const roots = spec.roots();
      return { items: answer.results.map((r) => spec.row(r, text, roots)), partial: answer.partial };
    },
  };
}
