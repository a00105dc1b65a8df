import { createStore, type StoreApi } from 'zustand/vanilla';
import { toWireError } from '@marie/editor-core';

export interface Notification {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly message: string;
}

export interface NotificationsState {
  readonly items: readonly Notification[];
  /** A short line in the status bar ("Saved a.ts"); replaced by the next one. */
  readonly status: string;
}

/** Errors become dismissible notifications with the host's human message; never a stack. */
export class Notifications {
  readonly store: StoreApi<NotificationsState> = createStore<NotificationsState>(() => ({ items: [], status: '' }));
  private nextId = 1;

  error(message: string): void {
    this.push('error', message);
  }

  info(message: string): void {
    this.push('info', message);
  }

  /** `context` says what failed ("Could not save a.ts"); the error says why. */
  report(error: unknown, context?: string): void {
    const { message } = toWireError(error);
    this.error(context ? `${context}: ${message}` : message);
  }

  dismiss(id: number): void {
    this.store.setState((s) => ({ items: s.items.filter((n) => n.id !== id) }));
  }

  setStatus(status: string): void {
    this.store.setState({ status });
  }

  private push(kind: Notification['kind'], message: string): void {
    const item = { id: this.nextId++, kind, message };
    // Keep the list short: the newest few matter.
    this.store.setState((s) => ({ items: [...s.items.slice(-4), item] }));
  }
}
