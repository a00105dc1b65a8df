import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { BatchedInsert } from './batchedInsert.js';

it('inserts every row, full statements and the rest at flush, nulls and blobs included', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (a INTEGER, b TEXT, c BLOB)');
  const insert = new BatchedInsert(db, 'INSERT INTO t (a, b, c) VALUES', 3, 4);
  const rows = Array.from({ length: 11 }, (_, i) => [i, i % 3 === 0 ? null : `r${i}`, Buffer.from([i, 255])] as const);
  for (const row of rows) for (const value of row) insert.put(value);
  // Two full statements of four rows went in as they filled; three rows wait for the flush.
  expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(8);
  insert.flush();
  expect(db.prepare('SELECT a, b, c FROM t ORDER BY a').raw().all()).toEqual(rows.map((r) => [...r]));
  insert.flush();
  expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(11);
  db.close();
});
