// pnpm bench:watch [--files N] — chokidar vs @parcel/watcher vs the index's own watcher
// (inotify watches placed by its metadata scan's walk) on one synthetic tree, each in its
// own process: set-up time, then the time until the index has also scanned the tree (the
// index needs the metadata either way), RSS growth, inotify watches and change-event latency.
// The same inotify watcher crawling by itself (the explorer's watcher on Linux) runs too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeTree } from '../bench/watchers/makeTree.mjs';

const { values } = parseArgs({ options: { files: { type: 'string', default: '100000' } } });
const files = Number(values.files);
const root = mkdtempSync(join(tmpdir(), 'marie-watch-'));
console.error(`writing ${files} files…`);
makeTree(root, files);
const child = resolve(import.meta.dirname, '../bench/watchers/watchOne.mjs');
const results = ['@parcel/watcher', 'chokidar', 'marie-inotify', 'marie-recursive'].map((lib) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', child, lib, root], { encoding: 'utf8', maxBuffer: 1 << 20 })));
rmSync(root, { recursive: true, force: true });

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; tree: ${files} files`);
for (const r of results) {
  console.log(
    `${r.lib.padEnd(16)} set-up ${r.setupMs.toFixed(0).padStart(6)} ms (CPU ${r.setupCpuMs.toFixed(0).padStart(6)} ms) | set-up + index scan ${(r.setupMs + r.scanMs).toFixed(0).padStart(6)} ms | RSS +${r.rssMiB.toFixed(0).padStart(4)} MiB | inotify watches ${String(r.watches).padStart(7)} | event latency median ${r.latencyMedianMs.toFixed(1)} ms, max ${r.latencyMaxMs.toFixed(1)} ms`,
  );
}
const [p, c, m, e] = results;
const ready = (r) => r.setupMs + r.scanMs;
console.log(`ratio chokidar / @parcel/watcher: set-up ${(c.setupMs / p.setupMs).toFixed(1)}×, memory ${(c.rssMiB / Math.max(p.rssMiB, 1)).toFixed(1)}×, watches ${(c.watches / Math.max(p.watches, 1)).toFixed(1)}×`);
console.log(`ratio @parcel/watcher / the index's own, until watched and scanned: ${(ready(p) / ready(m)).toFixed(2)}×`);
console.log(`ratio @parcel/watcher / the explorer's (inotify, crawling by itself): set-up ${(p.setupMs / e.setupMs).toFixed(2)}×, CPU ${(p.setupCpuMs / e.setupCpuMs).toFixed(2)}×, memory ${(p.rssMiB / Math.max(e.rssMiB, 1)).toFixed(1)}×`);
