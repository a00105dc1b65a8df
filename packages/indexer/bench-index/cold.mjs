/* global process, performance, setTimeout, setInterval, clearInterval */
// Child of `pnpm bench:index`: one cold build (empty database) of the given roots, in its
// own process so its peak RSS is ours alone. Prints one JSON line: when open() returned,
// when the files open in the editor were searchable, when quick open covered the whole tree, when find in files could answer from the
// trigram index, when the build was idle, the phases, and where the CPU went.
//
//   node cold.mjs '{"roots":[…],"indexDir":"…","workers":2,"source":false}'
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { editTargets } from './editTargets.mjs';
import { cpuByThread, loadIndexer, threadCpuS, peakRssMiB } from './indexerModules.mjs';

const cfg = JSON.parse(process.argv[2]);
const { ParsePool, PoolTagSource, WorkspaceIndex } = await loadIndexer(cfg.source);

// `limits`: parse-limit overrides, for experiments (e.g. GC pacing, result cache size).
// The editors an IDE shows as the workspace opens (three of the largest TypeScript sources),
// read for the editor as soon as the index is open: they go ahead of the build, and "first
// results" is when the symbols of all three can be searched.
const openFiles = editTargets(cfg.roots, 3).map((path) => ({ path, bytes: readFileSync(path) }));
const pool = new ParsePool({ workers: cfg.workers, ...(cfg.limits ? { limits: cfg.limits } : {}) });
const phases = {};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const at = () => Math.round(performance.now() - t0);
const index = await WorkspaceIndex.open(cfg.roots, {
  tagSource: new PoolTagSource(pool, 'bench'),
  indexDir: cfg.indexDir,
  watch: false,
  useIgnoreFiles: false,
  onProgress: (p) => (phases[p.phase] ??= at()),
});
const openMs = at();
const firstResults = Promise.all(openFiles.map(({ path, bytes }) => index.fileOpened(path, bytes))).then(() =>
  openFiles.every(({ path }) => index.outline(path).length > 0) ? at() : undefined,
);

// Quick open covers the tree once discovery has listed every file (not partial any more).
let quickOpenMs;
while (quickOpenMs === undefined) {
  if (!index.quickOpen('index', { limit: 1 }).partial) quickOpenMs = at();
  else await new Promise((r) => setTimeout(r, 10));
}

// Find in files answers from the index once no listed file is pending and every text
// content has its trigrams stored; polled on a separate read connection, cheaply.
const db = new Database(join(cfg.indexDir, 'index.db'), { readonly: true });
const unindexed = db.prepare(
  `SELECT (SELECT count(*) FROM files WHERE present = 1 AND state = 3)
        + (SELECT count(*) FROM files f JOIN contents c ON c.id = f.content_id WHERE f.present = 1 AND f.state = 0 AND (c.flags & 3) = 0)`,
).pluck();
let findFromIndexMs;
// Where the memory is: the main thread's V8 heap and its external (Buffer) memory; the
// rest of the RSS is the workers' heaps and tree-sitter's native memory.
const memory = { mainHeapMiB: 0, mainExternalMiB: 0, timeline: [] };
let ticks = 0;
const poll = setInterval(() => {
  // Every 10 s: [s, RSS, main heap, main external] in MiB, to see what grows with the tree.
  if (ticks++ % 10 === 0) {
    const m = process.memoryUsage();
    memory.timeline.push([Math.round(at() / 1000), m.rss >> 20, m.heapUsed >> 20, m.external >> 20]);
  }
  // The count costs 30-60 ms of this thread at 100k files: every 5 s while files are still
  // being parsed, every second after, so the measurement does not slow what it measures.
  if (findFromIndexMs === undefined && (phases.storing !== undefined || ticks % 5 === 1) && unindexed.get() === 0) findFromIndexMs = at();
  const m = process.memoryUsage();
  memory.mainHeapMiB = Math.max(memory.mainHeapMiB, Math.round(m.heapUsed / 2 ** 20));
  memory.mainExternalMiB = Math.max(memory.mainExternalMiB, Math.round(m.external / 2 ** 20));
}, 1000);
const firstResultsMs = await firstResults;
await index.whenIdle();
const idleMs = at();
clearInterval(poll);
findFromIndexMs ??= unindexed.get() === 0 ? idleMs : undefined;
// Files whose content tree-sitter parsed into tags (what floor.mjs parses alone), after the timing.
const parsedFiles = db.prepare('SELECT count(*) FROM files f JOIN contents c ON c.id = f.content_id WHERE f.present = 1 AND c.language IS NOT NULL').pluck().get();
db.close();

const cpu = process.cpuUsage(cpu0);
const stats = pool.stats();
const status = index.status();
const result = {
  openMs,
  firstResultsMs,
  openFiles: openFiles.length,
  quickOpenMs,
  findFromIndexMs,
  idleMs,
  phases,
  files: status.files,
  parsedFiles,
  cpuS: {
    process: (cpu.user + cpu.system) / 1e6,
    mainThread: threadCpuS(process.pid),
    workers: stats.workerCpuMs / 1000,
    threads: cpuByThread(),
  },
  peakRssMiB: peakRssMiB(),
  memory,
  workerRestarts: stats.workerRestarts,
  quarantined: stats.quarantined,
};
await index.close();
await pool.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
// Nothing else should keep the process alive; do not let a stray handle hang the bench.
process.exit(0);
