import { createStore, type StoreApi } from 'zustand/vanilla';

export interface Choice {
  readonly id: string;
  readonly label: string;
  /** The button focused first. */
  readonly primary?: boolean;
}

export type DialogRequest =
  | { readonly kind: 'choice'; readonly title: string; readonly message: string; readonly choices: readonly Choice[]; readonly cancelId: string }
  | {
      readonly kind: 'prompt';
      readonly title: string;
      readonly label: string;
      readonly initial: string;
      readonly confirmLabel: string;
      /** Characters of `initial` selected at first (e.g. the name without its extension). */
      readonly selection?: readonly [number, number];
      readonly validate?: (value: string) => string | undefined;
    };

interface OpenDialog {
  readonly id: number;
  readonly request: DialogRequest;
  readonly resolve: (answer: string | undefined) => void;
}

export interface DialogsState {
  /** The first is shown; the rest wait their turn. */
  readonly queue: readonly OpenDialog[];
}

/** Modal questions as promises, so workbench logic reads top to bottom and stays testable. */
export class Dialogs {
  readonly store: StoreApi<DialogsState> = createStore<DialogsState>(() => ({ queue: [] }));
  private nextId = 1;

  /** Resolves with the chosen id, or `cancelId` when dismissed. */
  async choose(request: Omit<Extract<DialogRequest, { kind: 'choice' }>, 'kind'>): Promise<string> {
    return (await this.open({ kind: 'choice', ...request })) ?? request.cancelId;
  }

  /** Resolves with the entered text, or undefined when cancelled. */
  prompt(request: Omit<Extract<DialogRequest, { kind: 'prompt' }>, 'kind'>): Promise<string | undefined> {
    return this.open({ kind: 'prompt', ...request });
  }

  answer(id: number, value: string | undefined): void {
    const dialog = this.store.getState().queue.find((d) => d.id === id);
    if (!dialog) return;
    this.store.setState((s) => ({ queue: s.queue.filter((d) => d.id !== id) }));
    dialog.resolve(value);
  }

  get isOpen(): boolean {
    return this.store.getState().queue.length > 0;
  }

  private open(request: DialogRequest): Promise<string | undefined> {
    return new Promise((resolve) => {
      const dialog = { id: this.nextId++, request, resolve };
      this.store.setState((s) => ({ queue: [...s.queue, dialog] }));
    });
  }
}
