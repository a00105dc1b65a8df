// Whole columns through group_concat (bulkLoad.ts) against plain rows: the same values in
// the same order, REALs to the bit (a warm start compares stored mtimes with the disk's
// exactly), and texts that cannot be split on NUL read by rows instead.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/trickyCorpus.js';
import { loadColumns } from './bulkLoad.js';

function table(rows: [number, string, number, number | null][]): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, mtime REAL NOT NULL, content INTEGER)');
  const put = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  for (const r of rows) put.run(...r);
  return db;
}

const SPEC = [['id', 'num'], ['name', 'text'], ['mtime', 'num'], ['ifnull(content, -1)', 'num']] as const;

function byRows(db: Database.Database): unknown[][] {
  const rows = db.prepare('SELECT id, name, mtime, ifnull(content, -1) FROM t').raw().all() as unknown[][];
  return [0, 1, 2, 3].map((i) => rows.map((r) => r[i]));
}

describe('loadColumns', () => {
  it('answers what rows answer, REAL mtimes to the bit', () => {
    const rand = mulberry32(7);
    const mtimes = [0, 1, -1.5, 0.1 + 0.2, 1 / 3, 5e-324, 2 ** 53 - 1, 1_732_637_282_123.456, 1_795_712_749_139.969, 1e21, 123_456_789.000_001];
    for (let i = 0; i < 20_000; i++) mtimes.push(Math.floor(rand() * 2e12) + (i % 3 === 0 ? 0 : Math.floor(rand() * 1e6) / 1e6), rand() * 2e12);
    const db = table(mtimes.map((m, i) => [i + 1, `dir/é ${i},x.ts`, m, i % 5 === 0 ? null : i]));
    const columns = loadColumns(db, 't', SPEC);
    expect(columns).toEqual(byRows(db));
    const loaded = columns[2] as number[];
    expect(loaded.every((m, i) => Object.is(m, mtimes[i]))).toBe(true);
  });

  it('reads rows when a text holds NUL, and empty tables as empty columns', () => {
    const db = table([
      [1, 'a', 1.5, 1],
      [2, 'b\0c', 2.25, null],
      [3, '', 3, 3],
    ]);
    expect(loadColumns(db, 't', SPEC)).toEqual(byRows(db));
    expect((loadColumns(db, 't', SPEC)[1] as string[])[1]).toBe('b\0c');
    expect(loadColumns(db, 't', SPEC, 'WHERE id > ?', [9])).toEqual([[], [], [], []]);
    expect(loadColumns(db, 't', SPEC, 'WHERE id >= ?', [3])).toEqual([[3], [''], [3], [3]]);
  });
});
