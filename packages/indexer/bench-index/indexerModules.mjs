/* global process */
// What the bench-index children share: the indexer loaded from its build (the default:
// what ships) or from its sources through tsx (`source`: the smoke test, which must not
// depend on a stale dist/), and Linux process figures read from /proc.
import { readFileSync } from 'node:fs';

export async function loadIndexer(source) {
  const [node, pool, testing] = source
    ? await Promise.all([import('../src/node/index.ts'), import('../src/node/parsePool.ts'), import('../src/node/testing/trickyCorpus.ts')])
    : await Promise.all([import('../dist/node/index.js'), import('../dist/node/parsePool.js'), import('../dist/node/testing/trickyCorpus.js')]);
  // mulberry32: the deterministic PRNG the tests use, so query sets repeat run to run.
  return { ...node, ParsePool: pool.ParsePool, mulberry32: testing.mulberry32 };
}

/** CPU seconds (user + system) of one thread of this process. */
export function threadCpuS(tid) {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks at USER_HZ = 100
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

export const exitWith = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};
