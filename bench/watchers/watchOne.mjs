// Child process: watch `root` with one library, report set-up time, memory, inotify
// watches and event latency as one JSON line.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [, , lib, root] = process.argv;

function inotifyWatches() {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      /* fd closed meanwhile */
    }
  }
  return n;
}

const listeners = new Set();
const onPath = (p) => listeners.forEach((l) => l(p));
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
let close;
if (lib === 'chokidar') {
  const { watch } = await import('chokidar');
  const w = watch(root, { ignoreInitial: true, persistent: true });
  w.on('all', (_e, p) => onPath(p));
  await new Promise((r) => w.once('ready', r));
  close = () => w.close();
} else {
  const watcher = await import('@parcel/watcher');
  const sub = await watcher.subscribe(root, (_err, events) => events.forEach((e) => onPath(e.path)));
  close = () => sub.unsubscribe();
}
const setupMs = performance.now() - t0;
global.gc?.();
const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
const watches = inotifyWatches();

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
console.log(JSON.stringify({ lib, setupMs, rssMiB, watches, latencyMedianMs: latencies[10], latencyMaxMs: latencies[19] }));
process.exit(0);
