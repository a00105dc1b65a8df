/* global process, URL, performance, setInterval, clearInterval */
// Parse-only benchmark of the built parse pool (run `tsc -b packages/indexer` first):
// throughput, peak RSS, and where the workers' time goes (read, parse, query, extract).
//
//   node packages/indexer/bench-parse/run.mjs [--workers 2] [--no-cache] [--gc-every-mb 16] [--limit N] [--json] [dir …]
//
// Without dirs it walks the project's installed dependencies (node_modules/.pnpm) and the
// system's Python library: real code in several of the supported languages.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { ParsePool } from '../dist/node/parsePool.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const optionNames = new Set(['--workers', '--limit', '--gc-every-mb']);
const dirs = args.filter((a, i) => !a.startsWith('--') && !optionNames.has(args[i - 1]));
const repo = new URL('../../../', import.meta.url).pathname;
const defaultDirs = [join(repo, 'node_modules/.pnpm'), '/usr/lib/python3', '/usr/lib/node_modules'].filter(existsSync);
const workers = Number(option('--workers', '2'));
const limit = Number(option('--limit', 'Infinity'));

const limits = { gcEveryBytes: Number(option('--gc-every-mb', '16')) * 2 ** 20, ...(flag('--no-cache') ? { resultCacheBytes: 0 } : {}) };
const pool = new ParsePool({ workers, limits, onResult });

// Every file a language claims, in a fixed order; symlinks are not followed.
const files = [];
for (const root of dirs.length > 0 ? dirs : defaultDirs) walk(root);
files.sort();
files.length = Math.min(files.length, limit);
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile() && pool.languageOf(path)) files.push(path);
  }
}

const totals = { bytes: 0, readMs: 0, parseMs: 0, queryMs: 0, extractMs: 0, definitions: 0, references: 0, cached: 0, incomplete: 0, syntaxErrors: 0 };
const outcomes = {};
const byLanguage = {};
function onResult(result) {
  const key = result.outcome.ok ? 'ok' : result.outcome.reason;
  outcomes[key] = (outcomes[key] ?? 0) + 1;
  if (result.cached) totals.cached++;
  if (!result.outcome.ok) return;
  totals.bytes += result.size ?? 0;
  const lang = result.outcome.tags.language;
  byLanguage[lang] = (byLanguage[lang] ?? 0) + 1;
  totals.definitions += result.outcome.tags.definitionCount;
  totals.references += result.outcome.tags.referenceCount;
  if (result.outcome.tags.incomplete) totals.incomplete++;
  if (result.outcome.tags.syntaxErrors) totals.syntaxErrors++;
  for (const phase of ['readMs', 'parseMs', 'queryMs', 'extractMs']) totals[phase] += result.timings?.[phase] ?? 0;
}

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const path of files) await pool.submit({ path });
await pool.drain();
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const mainCpuS = mainThreadCpuS();
const workerCpuS = pool.stats().workerCpuMs / 1000;
clearInterval(sampler);
await pool.close();

const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const mb = totals.bytes / 1e6;
const cpuS = (cpu.user + cpu.system) / 1e6;
const phaseS = (totals.readMs + totals.parseMs + totals.queryMs + totals.extractMs) / 1000;
const report = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  workers,
  cache: !flag('--no-cache'),
  gcEveryMB: limits.gcEveryBytes / 2 ** 20,
  files: files.length,
  parsedMB: Number(mb.toFixed(1)),
  wallS: Number(wallS.toFixed(2)),
  MBps: Number((mb / wallS).toFixed(2)),
  filesPerS: Math.round(files.length / wallS),
  peakRssMiB: Math.round(Math.max(peakRss, hwm ? Number(hwm[1]) * 1024 : 0) / 2 ** 20),
  outcomes,
  byLanguage,
  cachedResults: totals.cached,
  definitions: totals.definitions,
  references: totals.references,
  incompleteFiles: totals.incomplete,
  filesWithSyntaxErrors: totals.syntaxErrors,
  // Process CPU seconds per parsed MB, by thread (from /proc: robust to other load on the
  // machine), and the workers' share split by phase in proportion to their per-file timings.
  cpuSecondsPerMB: {
    total: round3(cpuS / mb),
    mainThread: round3(mainCpuS / mb),
    workers: round3(workerCpuS / mb),
    otherThreads: round3((cpuS - mainCpuS - workerCpuS) / mb),
    // The workers' CPU, split in proportion to their per-file phase timings (GC and messaging spread in).
    workerSplit: Object.fromEntries(['readMs', 'parseMs', 'queryMs', 'extractMs'].map((k) => [k.replace('Ms', ''), round3(((totals[k] / 1000 / phaseS) * workerCpuS) / mb)])),
  },
};
process.stdout.write(flag('--json') ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`);

/** The main thread's CPU seconds since start, from /proc (Linux). */
function mainThreadCpuS() {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks at USER_HZ = 100
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}
