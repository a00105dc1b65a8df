/**
 * The parse worker thread: takes batches of jobs, answers each batch with one message,
 * and keeps the pool informed through shared memory (which job it is on, since when) so
 * that a crash or a hang can be pinned on the right file without a message per file.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { exposeGc } from './forcedGc.js';
import { LanguageRegistry } from './languageRegistry.js';
import { TagsEngine } from './tagsEngine.js';
import { ProgressSlot, type MainToWorker, type ParseJob, type ParseResult, type WorkerInit, type WorkerToMain } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('parseWorker must run in a worker thread');
const init = workerData as WorkerInit;
const progress = new Int32Array(init.progress);
const collectGarbage = exposeGc();
const pending: Array<{ batchId: number; jobs: ParseJob[] }> = [];
let running = false;
let closing = false;

const send = (message: WorkerToMain) => port.postMessage(message);

let engine: TagsEngine;
try {
  engine = new TagsEngine(LanguageRegistry.load(init.languagesDir), init.limits, init.faultInjection);
} catch (error) {
  send({ type: 'fatal', message: (error as Error).message });
  process.exit(1);
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'close') {
    // Not while a batch is mid-await: with the port closed the thread would start exiting
    // under it, and the binding aborts the process if a grammar or query loads then.
    closing = true;
    pending.length = 0;
    if (!running) port.close();
    return;
  }
  // An editor save jumps the batches waiting here (it still waits for the current file's batch).
  if (message.jobs[0]?.priority === 'interactive') pending.unshift({ batchId: message.batchId, jobs: message.jobs });
  else pending.push({ batchId: message.batchId, jobs: message.jobs });
  if (!running) void drain();
});
send({ type: 'ready' });

async function drain(): Promise<void> {
  running = true;
  for (let batch = pending.shift(); batch; batch = pending.shift()) {
    const results = await runBatch(batch.batchId, batch.jobs);
    const cpuMs = threadCpuMs();
    send({ type: 'batch-done', batchId: batch.batchId, results, ...(cpuMs !== undefined ? { cpuMs } : {}) });
    // A collection due after a batch's last file runs once its answer is out: an editor
    // save (a batch of one) must not wait for it.
    await collectIfDue();
  }
  running = false;
  if (closing) port!.close();
}

async function runBatch(batchId: number, jobs: ParseJob[]): Promise<ParseResult[]> {
  Atomics.store(progress, ProgressSlot.batch, batchId);
  const results: ParseResult[] = [];
  for (let i = 0; i < jobs.length; i++) {
    if (Atomics.load(progress, ProgressSlot.stopThrough) >= batchId) break;
    const job = jobs[i]!;
    Atomics.store(progress, ProgressSlot.startedAt, Date.now() - init.epochMs);
    Atomics.store(progress, ProgressSlot.job, i);
    results.push(await parseSafely(job));
    Atomics.store(progress, ProgressSlot.job, -1);
    if (i < jobs.length - 1) await collectIfDue();
  }
  Atomics.store(progress, ProgressSlot.batch, -1);
  return results;
}

async function collectIfDue(): Promise<void> {
  const due = engine.takeCollectionDue();
  if (!due) return;
  // Trees free their native memory only in finalizers, which run after a collection
  // and on a later task: collect, then yield one macrotask.
  collectGarbage(due);
  await new Promise((resolve) => setImmediate(resolve));
}

async function parseSafely(job: ParseJob): Promise<ParseResult> {
  try {
    return await engine.parse(job);
  } catch (error) {
    // A bug in extraction must cost one file, not the worker.
    return { path: job.path, outcome: { ok: false, reason: 'crashed', message: `extraction failed: ${(error as Error).stack ?? String(error)}` } };
  }
}

/** This thread's user+system CPU time from /proc (Linux), in ms; undefined where there is none. */
function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ = 100
  } catch {
    return undefined;
  }
}
