/* global process */
// Child of `pnpm bench:index`, run after the cold build on the same index and before
// warm.mjs: the warm start as the IDE runs it, watching the tree (warm.mjs's index does
// not watch, so its warm start leaves out the watcher's subscription, which crawls the
// tree before the metadata scan may begin), with the parse workers started lazily as the
// IDE's host starts them. Nothing changed, so nothing should be parsed (nor any worker
// started); both are reported for the caller to check, with the inotify watches held.
// Prints one JSON line.
//
//   node warmLive.mjs '{"roots":[…],"indexDir":"…","workers":2,"source":false}'
import { exitWith, inotifyWatches, loadIndexer, timedWarmStart } from './indexerModules.mjs';

const cfg = JSON.parse(process.argv[2]);
const { LazyTagSource, ParsePool, WorkspaceIndex } = await loadIndexer(cfg.source);

/** The index's own parses, counted (the pool's count would include the live index's warm-up). */
class CountingSource extends LazyTagSource {
  parsed = 0;
  async *parse(files, signal) {
    for await (const result of super.parse(files, signal)) {
      this.parsed++;
      yield result;
    }
  }
}

// As the IDE's host does: the parse workers start only if something needs parsing.
let pool;
const source = new CountingSource(() => (pool ??= new ParsePool({ workers: cfg.workers })), 'bench');
const { index, openMs, idleMs, phases, cpuMs } = await timedWarmStart(WorkspaceIndex, cfg.roots, { tagSource: source, indexDir: cfg.indexDir, watch: true });
// One per folder the index watches (the system's limit is fs.inotify.max_user_watches).
const watches = inotifyWatches();
await index.close();
await pool?.close();
exitWith({ openMs, idleMs, phases, cpuMs, parsed: source.parsed, workersStarted: pool !== undefined, watches });
