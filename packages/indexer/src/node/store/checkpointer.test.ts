import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it, vi } from 'vitest';
import { Checkpointer } from './checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDatabase(): { dir: string; path: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'marie-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'index.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0'); // as the index's writer: only explicit checkpoints
  db.exec('CREATE TABLE t (v BLOB)');
  db.pragma('wal_checkpoint(TRUNCATE)'); // the table in the file, its rows to come in the WAL
  return { dir, path, db };
}

/** Rows in the database file alone, without its WAL: what checkpoints copied into it. */
function rowsInFileAlone(dir: string, path: string): number {
  const copy = join(dir, 'alone.db');
  copyFileSync(path, copy);
  const db = new Database(copy);
  try {
    return db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  } finally {
    db.close();
  }
}

it('copies the WAL into the database on its own connection while the writer goes on committing', async () => {
  const { dir, path, db } = walDatabase();
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(randomBytes(4096));
  })();
  expect(rowsInFileAlone(dir, path)).toBe(0);

  const fallback = vi.fn();
  const checkpointer = new Checkpointer(path, fallback);
  const done = checkpointer.run();
  // The writer commits while the checkpoint is under way on the other thread.
  insert.run(Buffer.from('meanwhile'));
  await done;
  expect(rowsInFileAlone(dir, path)).toBeGreaterThanOrEqual(2000);
  expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2001);
  // The WAL is fully copied once the writer's last commit is checkpointed too.
  await checkpointer.run();
  expect(rowsInFileAlone(dir, path)).toBe(2001);
  expect(fallback).not.toHaveBeenCalled();

  // Closed (before the writer closes or deletes the database): later checkpoints are the writer's own.
  await checkpointer.close();
  await checkpointer.run();
  expect(fallback).toHaveBeenCalledTimes(1);
  db.close();
});

it('falls back to the writer’s own checkpoints when its thread cannot start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marie-checkpoint-'));
  dirs.push(dir);
  const fallback = vi.fn();
  const checkpointer = new Checkpointer(join(dir, 'missing.db'), fallback);
  await checkpointer.run();
  expect(fallback).toHaveBeenCalledTimes(1);
  await checkpointer.run();
  expect(fallback).toHaveBeenCalledTimes(2);
  await checkpointer.close();
});
