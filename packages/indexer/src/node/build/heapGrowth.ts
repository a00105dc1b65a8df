import { setFlagsFromString } from 'node:v8';

/**
 * Old-generation growth while bulk runs last. Between two full collections V8 lets an
 * isolate's old generation grow up to 4× what survived the last one. A cold build
 * promotes short-lived objects by the file (requests, results, queue entries), so on the
 * main thread of a 100k-file build the heap reached 320 MiB with ~100 MiB alive; with 30%
 * growth it stayed at 143–179 MiB (docs/decisions.md, "Indexer cold build: memory").
 * V8's flag is process-wide and read whenever a collection sets the next limit: it is
 * set while any bulk run lasts and back to V8's default (0: dynamic) after the last.
 */
const BULK_GROWING_PERCENT = 30;

let runs = 0;

/** Starts a bulk run's pacing; call the returned function when the run ends. */
export function paceHeapGrowth(): () => void {
  if (runs++ === 0) setFlagsFromString(`--heap-growing-percent=${BULK_GROWING_PERCENT}`);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--runs === 0) setFlagsFromString('--heap-growing-percent=0');
  };
}

/** Bulk runs in progress (tests). */
export function pacedRuns(): number {
  return runs;
}
