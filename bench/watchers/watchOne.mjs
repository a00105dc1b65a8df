// Child process: watch `root` with one library, report set-up time, the index's metadata
// scan after it (none for the index's own watcher, whose set-up is that scan), memory,
// inotify watches and event latency as one JSON line.
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inotifyWatches } from '../../packages/indexer/bench-index/indexerModules.mjs';

const [, , lib, root] = process.argv;

const listeners = new Set();
const onPath = (p) => listeners.forEach((l) => l(p));

/** The indexer's metadata scan (walk, list, stat every file), watching each folder first when given a watchDir. */
async function indexScan(watchDir) {
  const [{ walk }, { IgnoreResolver }] = await Promise.all([import('../../packages/indexer/dist/node/discovery/walker.js'), import('../../packages/indexer/dist/node/discovery/ignoreResolver.js')]);
  const walkRoot = { index: 0, path: root, realPath: realpathSync(root), ignore: new IgnoreResolver(root, [], true) };
  let files = 0;
  await walk({ allRoots: [walkRoot], start: [{ root: walkRoot, rel: '' }], watchDir, onFile: () => files++ });
  return files;
}

const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let close;
let scanMs;
if (lib === 'chokidar') {
  const { watch } = await import('chokidar');
  const w = watch(root, { ignoreInitial: true, persistent: true });
  w.on('all', (_e, p) => onPath(p));
  await new Promise((r) => w.once('ready', r));
  close = () => w.close();
} else if (lib === 'marie-inotify') {
  // The index's own watcher: its watches are placed by the scan's walk, folder by folder.
  const { InotifyWatcher, inotifyAddon } = await import('../../packages/indexer/dist/node/watch/inotifyWatcher.js');
  const addon = inotifyAddon();
  if (!addon) throw new Error('the indexer addon with inotify is not built (pnpm --filter @marie/indexer build:native)');
  const w = new InotifyWatcher(addon, { onPaths: (paths) => paths.forEach(onPath), onLost: () => undefined, onError: (e) => console.error(e.message) });
  await indexScan(w.watchDir);
  scanMs = 0; // the set-up was the scan
  close = () => w.close();
} else if (lib === 'marie-recursive') {
  // The explorer's watcher on Linux: the same inotify watcher, crawling the tree by itself.
  const { RecursiveWatcher } = await import('../../packages/indexer/dist/node/watch/recursiveWatcher.js');
  const w = await RecursiveWatcher.start(root, { skipNames: new Set(), onEvents: (events) => events.forEach((e) => onPath(e.path)), onLost: () => undefined, onError: (e) => console.error(e.message) });
  if (!w) throw new Error('the indexer addon with inotify is not built (pnpm --filter @marie/indexer build:native)');
  close = () => w.close();
} else {
  const watcher = await import('@parcel/watcher');
  const sub = await watcher.subscribe(root, (_err, events) => events.forEach((e) => onPath(e.path)));
  close = () => sub.unsubscribe();
}
const setupMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const setupCpuMs = (cpu.user + cpu.system) / 1000;
global.gc?.();
const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
const watches = inotifyWatches();
// What the index does next with a watcher that crawled by itself: its own metadata scan.
if (scanMs === undefined) {
  const s0 = performance.now();
  await indexScan(undefined);
  scanMs = performance.now() - s0;
}

const latencies = [];
for (let i = 0; i < 20; i++) {
  const file = join(root, 'a3', 'b7', 'c0', `latency-${i}.ts`);
  const seen = new Promise((r) => {
    const l = (p) => p === file && (listeners.delete(l), r(performance.now()));
    listeners.add(l);
  });
  const start = performance.now();
  writeFileSync(file, 'x');
  latencies.push((await seen) - start);
}
latencies.sort((a, b) => a - b);
await close();
console.log(JSON.stringify({ lib, setupMs, setupCpuMs, scanMs, rssMiB, watches, latencyMedianMs: latencies[10], latencyMaxMs: latencies[19] }));
process.exit(0);
