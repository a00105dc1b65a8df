import type { Host } from '@marie/host';
import { resolve } from 'node:path';
import { withLocalSession, type LocalSession } from './localHost.js';
import { ProgressBar } from './progressBar.js';

type OpenIndex = NonNullable<Awaited<ReturnType<Host['index']['current']>>>;

export interface IndexedDir {
  session: LocalSession;
  /** The folder's real path: every path the host returns starts with it. */
  root: string;
  index: OpenIndex;
}

/**
 * Runs `fn` once the index of `dir` is up to date: a persisted index (the same location
 * the IDE uses) costs a metadata scan, a new one a full build, with a progress bar on a
 * TTY. No watcher: the command ends when it has answered.
 */
export async function withIndexedDir<T>(dir: string, fn: (indexed: IndexedDir) => Promise<T>): Promise<T> {
  return withLocalSession(
    [resolve(dir)],
    async (session) => {
      const [root] = await session.workspace.getRoots({});
      const bar = new ProgressBar();
      const events = session.index.onDidChangeStatus((s) => bar.update(s));
      try {
        // One round trip first: the subscription is in place before the build's first events.
        await session.index.status({});
        const index = await session.host.index.current();
        if (!root || !index) throw new Error(`could not open the index of ${dir}`);
        await index.whenIdle();
        events.dispose();
        bar.done();
        return await fn({ session, root: root.path, index });
      } finally {
        events.dispose();
        bar.done();
      }
    },
    { watch: false, startDelayMs: -1 },
  );
}
