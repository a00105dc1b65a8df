import type { TrashProvider } from '@marie/host';
import type { HostToMain } from '../common/hostMessages.js';

export interface ParentTrash extends TrashProvider {
  /** Feeds main's answer to a trash request. */
  settle(result: { id: number; error?: string }): void;
}

/**
 * shell.trashItem exists only in Electron main, not in a utilityProcess, so the host asks
 * main over parentPort and waits for the answer. Main checks the path against the open
 * roots itself before trashing; a refusal or failure rejects here and the workspace
 * service reports it as an I/O error.
 */
export function createParentTrash(post: (message: HostToMain) => void, timeoutMs = 60_000): ParentTrash {
  let nextId = 0;
  const pending = new Map<number, { resolve(): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }>();
  return {
    moveToTrash(absPath) {
      const id = nextId++;
      return new Promise<boolean>((resolve, reject) => {
        // A main that never answers must not leave the delete request hanging forever.
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('the trash did not answer in time'));
        }, timeoutMs);
        pending.set(id, { resolve: () => resolve(true), reject, timer });
        post({ type: 'trash', id, path: absPath });
      });
    },
    settle({ id, error }) {
      const waiter = pending.get(id);
      if (!waiter) return;
      pending.delete(id);
      clearTimeout(waiter.timer);
      if (error === undefined) waiter.resolve();
      else waiter.reject(new Error(error));
    },
  };
}
