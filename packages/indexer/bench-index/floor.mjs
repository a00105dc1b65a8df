/* global process, performance, URL */
// Child of `pnpm bench:index`: tree-sitter's own floor, the cost our cold build cannot go
// below — parse only (the addon's tags() without query or walker: no matching, no tags, no
// storage) on the files our build parses, spread over `workers` threads as the parse pool
// spreads them, with the addon's parse arena as in our build (native/parseArena.c; plain
// tree-sitter with malloc: MARIE_PARSE_ARENA_MIB=0). The ≤ 1.5× ctags goal was set against
// this floor, so the report shows it from the same run and the same page cache. Unlike the index, identical contents are parsed
// again (the bench corpus has none); symlinks are not followed (walkFiles).
//
// Timed: from the moment every thread has loaded its modules to the last file parsed. Inside
// that time each thread reads its files, decodes them as the indexer does and loads each
// grammar on first use (tens of ms per language and thread). Prints one JSON line.
//
//   node floor.mjs '{"roots":[…],"workers":2,"source":false}'
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { exitWith, loadIndexer, loadParsing, peakRssMiB, threadCpuS } from './indexerModules.mjs';
import { walkFiles } from './walkFiles.mjs';

const cfg = JSON.parse(process.argv[2]);
const [{ DEFAULT_LIMITS: limits }, { LanguageRegistry, defaultLanguagesDir }] = await Promise.all([loadIndexer(cfg.source), loadParsing(cfg.source)]);

// The files the indexer would parse: a language claims the path, at most the pool's parse
// limit in size (the index's own default is the same 1 MiB), not binary (judged by each
// thread, which reads the bytes anyway).
const registry = LanguageRegistry.load(defaultLanguagesDir());
const paths = [];
for (const root of cfg.roots) walkFiles(root, (path) => registry.forPath(path) && statSync(path).size <= limits.maxFileBytes && paths.push(path));

// Each thread takes the next file from a shared counter, as the pool's queue serves its workers.
const next = new Int32Array(new SharedArrayBuffer(4));
const threads = Array.from({ length: cfg.workers }, () => new Worker(new URL('./floorThread.mjs', import.meta.url), { workerData: { source: cfg.source, paths, next, limits } }));
await Promise.all(threads.map((t) => once(t, 'message')));

const cpu0 = process.cpuUsage();
const main0 = threadCpuS(process.pid);
const t0 = performance.now();
const answers = threads.map((t) => once(t, 'message').then(([answer]) => answer));
for (const t of threads) t.postMessage('go');
const perThread = await Promise.all(answers);
const parseWallMs = Math.round(performance.now() - t0);
const cpu = process.cpuUsage(cpu0);
const sum = (key) => perThread.reduce((a, t) => a + t[key], 0);
const cs = (s) => Math.round(s * 100) / 100;
exitWith({
  parseWallMs,
  workers: cfg.workers,
  listed: paths.length,
  files: sum('files'),
  bytes: sum('bytes'),
  binary: sum('binary'),
  unreadable: sum('unreadable'),
  timeouts: sum('timeouts'),
  syntaxErrors: sum('syntaxErrors'),
  cpuS: {
    process: cs((cpu.user + cpu.system) / 1e6),
    mainThread: cs(threadCpuS(process.pid) - main0),
    threads: perThread.map((t) => cs(t.cpuS)),
  },
  threadBusyMs: perThread.map((t) => Math.round(t.busyMs)),
  peakRssMiB: peakRssMiB(),
});
