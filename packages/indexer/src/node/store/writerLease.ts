import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const STALE_MS = 15_000;

/**
 * Decides which of several windows on one workspace writes the index: whoever holds the
 * lease row. It lives in its own tiny database (`lease.db`, a schema that never changes)
 * so the holder may delete and rebuild `index.db` while others wait; `BEGIN IMMEDIATE`
 * makes check-and-take atomic across processes. A lease is stale when its heartbeat is
 * older than 15 s, or at once when its process is gone from this host.
 */
export class WriterLease {
  readonly owner = randomUUID();
  private db: Database.Database | undefined;

  constructor(private readonly dir: string) {}

  private open(): Database.Database {
    if (this.db) return this.db;
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, 'lease.db');
    try {
      this.db = this.connect(path);
    } catch {
      rmSync(path, { force: true });
      this.db = this.connect(path);
    }
    return this.db;
  }

  private connect(path: string): Database.Database {
    const db = new Database(path);
    db.pragma('busy_timeout = 5000');
    // No fsync: the heartbeat runs on the host's main thread every 5 s, and during a build an
    // fsync there waited 40 ms behind the index's writes. A lease row lost to a power cut is
    // harmless: its process is gone with it, so the row would be stale anyway.
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE IF NOT EXISTS lease (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat INTEGER NOT NULL)');
    return db;
  }

  /** Takes the lease if it is free, stale or already ours. */
  tryAcquire(now = Date.now()): boolean {
    let db: Database.Database;
    try {
      db = this.open();
    } catch {
      return false;
    }
    const take = db.transaction(() => {
      const row = db.prepare('SELECT owner, pid, host, heartbeat FROM lease WHERE id = 1').get() as { owner: string; pid: number; host: string; heartbeat: number } | undefined;
      if (row && row.owner !== this.owner && !isStale(row, now)) return false;
      db.prepare('INSERT OR REPLACE INTO lease (id, owner, pid, host, heartbeat) VALUES (1, ?, ?, ?, ?)').run(this.owner, process.pid, hostname(), now);
      return true;
    });
    return take.immediate();
  }

  /** Refreshes the heartbeat; false when the lease was lost (taken over after a stall). */
  renew(now = Date.now()): boolean {
    try {
      return this.open().prepare('UPDATE lease SET heartbeat = ? WHERE id = 1 AND owner = ?').run(now, this.owner).changes === 1;
    } catch {
      // The lease file vanished or broke: behave as if the lease was lost.
      this.db?.close();
      this.db = undefined;
      return false;
    }
  }

  release(): void {
    try {
      this.db?.prepare('DELETE FROM lease WHERE id = 1 AND owner = ?').run(this.owner);
    } catch {
      /* gone already */
    } finally {
      this.db?.close();
      this.db = undefined;
    }
  }
}

function isStale(row: { pid: number; host: string; heartbeat: number }, now: number): boolean {
  if (now - row.heartbeat > STALE_MS) return true;
  if (row.host !== hostname()) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
