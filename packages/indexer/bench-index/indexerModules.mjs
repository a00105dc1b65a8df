/* global process, performance */
// What the bench-index children share: the indexer loaded from its build (the default:
// what ships) or from its sources through tsx (`source`: the smoke test, which must not
// depend on a stale dist/), and Linux process figures read from /proc.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Modules of the indexer by name under src/ or dist/, e.g. `node/parsePool`. */
function importAll(source, names) {
  return Promise.all(names.map((name) => import(source ? `../src/${name}.ts` : `../dist/${name}.js`)));
}

export async function loadIndexer(source) {
  const [node, pool, testing] = await importAll(source, ['node/index', 'node/parsePool', 'node/testing/trickyCorpus']);
  // mulberry32: the deterministic PRNG the tests use, so query sets repeat run to run.
  return { ...node, ParsePool: pool.ParsePool, DEFAULT_LIMITS: pool.DEFAULT_LIMITS, mulberry32: testing.mulberry32 };
}

/** What a parse worker uses to parse a file, without the rest of it (floor.mjs): languages, grammars, the addon, reading. */
export async function loadParsing(source) {
  const modules = await importAll(source, ['worker/languageRegistry', 'worker/languageRuntime', 'worker/nativeTags', 'worker/readSource']);
  return Object.assign({}, ...modules);
}

/** CPU seconds (user + system) of one thread of this process. */
export function threadCpuS(tid) {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks at USER_HZ = 100
}

/** CPU seconds of the calling thread: a worker thread's own, which process.cpuUsage() is not. */
export function ownThreadCpuS() {
  return threadCpuS(readlinkSync('/proc/thread-self').split('/').pop());
}

/** CPU seconds of each of this process's live threads, largest first: Node names them all
 *  `node`, so this shows how much beyond the main thread and the parse workers (the
 *  writer thread, V8's helpers) the build cost. */
export function cpuByThread() {
  const list = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      list.push(Math.round(threadCpuS(tid) * 10) / 10);
    } catch {
      // the thread ended meanwhile
    }
  }
  return list.sort((a, b) => b - a);
}

/** inotify watches this process holds now (one per watched folder), from /proc/self/fdinfo. */
export function inotifyWatches() {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      for (const line of readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n')) if (line.startsWith('inotify wd:')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/** This process's peak resident set (VmHWM), in MiB: every thread's memory, native included. */
export function peakRssMiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : undefined;
}

export function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (x) => Math.round(x * 100) / 100;
  return { p50: r(q(0.5)), p99: r(q(0.99)), max: r(s[s.length - 1]), n: s.length };
}

/**
 * A warm start of the bench's index: opens it, waits until idle, and says how long each
 * took, when each phase began (ms from the start) and the CPU of every thread meanwhile
 * (steadier than wall time on a shared machine).
 */
export async function timedWarmStart(WorkspaceIndex, roots, options) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const phases = {};
  const index = await WorkspaceIndex.open(roots, { useIgnoreFiles: false, ...options, onProgress: (p) => (phases[p.phase] ??= Math.round(performance.now() - t0)) });
  const openMs = performance.now() - t0;
  await index.whenIdle();
  const idleMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { index, openMs, idleMs, phases, cpuMs: Math.round((cpu.user + cpu.system) / 1000), systemMs: Math.round(cpu.system / 1000) };
}

export const exitWith = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};
