/**
 * The writer thread: the index's only write connection lives here, so SQLite's work
 * (batched inserts, text-index segments, the lookup indexes at the end of a cold build)
 * never blocks the main thread's event loop; checkpoints run on a thread of their own
 * (checkpointThread.ts), so they do not block this one either. Requests are handled in
 * order; a text-index merge runs in steps, and batches (an editor save) may land between
 * them, as they did when the merge ran on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { exposeGc } from '../../worker/forcedGc.js';
import { Checkpointer } from './checkpointer.js';
import { CheckpointPacer } from './checkpointPacer.js';
import { dbPath, deleteDatabase, isCorruption, openIndexForWrite, type OpenReason } from './openDatabase.js';
import { StoreWriter } from './storeWriter.js';
import type { WriterReply, WriterRequest } from './writerMessages.js';

const port = parentPort;
if (!port) throw new Error('writerThread must run in a worker thread');

let store: StoreWriter | undefined;
/** A failed batch: later ones were decided on top of it, so they fail too until reopened. */
let failed: WriterReply['error'];
let merging: Promise<void> = Promise.resolve();
let checkpointer: Checkpointer | undefined;
const pacer = new CheckpointPacer(() => void checkpointer?.run());
/**
 * A batch's buffers (and a segment's sort arrays) are freed only when this thread's V8
 * collects their wrappers, and this thread allocates too little JavaScript for that to
 * happen by itself: 40–95 MiB of dead batches stayed resident in a 100k-file build. A
 * scavenge after each batch (~1 ms: little here survives) frees them; after a batch that
 * let go of big long-lived buffers (a segment's sort arrays, 16 MiB of keys at the end of
 * a build), a full collection frees those too. Not after every flush: an editor save's
 * small delta leaves nothing big, and a full collection after each one cost ~10 ms of a
 * core, which the next save, back to back, waited for.
 */
const collect = exposeGc();
let collectDue: 'full' | 'minor' | undefined;
const collectSoon = (kind: 'full' | 'minor'): void => {
  const scheduled = collectDue !== undefined;
  if (collectDue !== 'full') collectDue = kind;
  if (scheduled) return;
  setImmediate(() => {
    const due = collectDue!;
    collectDue = undefined;
    collect(due);
  });
};

/** Before the database is closed or deleted: the checkpointer holds a connection to it. */
async function closeCheckpointer(): Promise<void> {
  await checkpointer?.close();
  checkpointer = undefined;
}

const describe = (error: unknown): NonNullable<WriterReply['error']> => {
  const code = (error as { code?: unknown } | null)?.code;
  return { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) };
};

async function open(dir: string, roots: string[], fresh: boolean): Promise<OpenReason> {
  pacer.dispose();
  await closeCheckpointer();
  try {
    store?.close();
  } catch {
    /* a damaged database may fail to close cleanly */
  }
  store = undefined;
  failed = undefined;
  if (fresh) deleteDatabase(dir);
  let opened = openIndexForWrite(dir, roots);
  try {
    store = new StoreWriter(opened.db);
  } catch (error) {
    // Damage that only shows when rows are read: start over.
    opened.db.close();
    deleteDatabase(dir);
    opened = { db: openIndexForWrite(dir, roots).db, reason: isCorruption(error) ? 'corrupt' : 'schema' };
    store = new StoreWriter(opened.db);
  }
  checkpointer = new Checkpointer(dbPath(dir), () => store?.checkpoint());
  return fresh && opened.reason === 'new' ? 'corrupt' : opened.reason;
}

async function handle(request: WriterRequest): Promise<WriterReply> {
  const { seq } = request;
  switch (request.type) {
    case 'open':
      await merging;
      return { seq, reason: await open(request.dir, request.roots, request.fresh) };
    case 'batch': {
      if (failed) return { seq, error: failed };
      const { flushedText, bigGarbage } = store!.apply(request.batch);
      pacer.wrote(request.batch.nums.byteLength + request.batch.bytes.byteLength);
      collectSoon(bigGarbage ? 'full' : 'minor');
      return { seq, ...(flushedText && store!.needsMerge() ? { needsMerge: true } : {}) };
    }
    case 'merge': {
      const live = new Set(request.live);
      const run = store!.text.merge((id) => live.has(id));
      merging = run.catch(() => undefined);
      await run;
      return { seq };
    }
    case 'checkpoint':
      pacer.dispose();
      await checkpointer?.run();
      return { seq };
    case 'close':
      await merging;
      pacer.dispose();
      await closeCheckpointer();
      store?.close();
      store = undefined;
      return { seq };
  }
}

port.on('message', (request: WriterRequest) => {
  handle(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => {
      if (request.type === 'batch') failed = describe(error);
      port.postMessage({ seq: request.seq, error: describe(error) } satisfies WriterReply);
    },
  );
});
