/**
 * The checkpointer thread: copies the index's WAL into the database on a connection of its
 * own. A PASSIVE checkpoint and a writer's commit take different locks in WAL mode, so the
 * writer thread goes on committing meanwhile; when it ran the checkpoints itself, the batch
 * behind each one waited for it (editor saves back to back: one in five held 10–60 ms).
 * Requests run in order; each is answered once done, so whoever asks can wait for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkpoint } from './openDatabase.js';

const port = parentPort;
if (!port) throw new Error('checkpointThread must run in a worker thread');

const db = new Database((workerData as { path: string }).path, { fileMustExist: true });
// It reads the WAL and writes pages, never queries: a small page cache is enough.
db.pragma('cache_size = -2048');

port.on('message', (request: { seq: number } | 'close') => {
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  checkpoint(db);
  port.postMessage(request.seq);
});
