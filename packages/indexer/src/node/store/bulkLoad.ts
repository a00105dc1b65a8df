import type { SqliteDb } from './openDatabase.js';

/** A column to load: its SQL expression (never NULL: `ifnull` it) and whether it is a number or a text. */
export type ColumnSpec = readonly [expression: string, kind: 'num' | 'text'];

/**
 * Whole columns of a table at once: one statement answers one row with a `group_concat`
 * per column (all from the same scan, so in the same order), parsed here — numbers by
 * `JSON.parse`, which gives packed arrays, texts by one `split` on NUL. better-sqlite3
 * builds an array per row (~1–2 µs each), and every one is garbage to collect: the
 * writer's and the reader's catalogs were ~0.5 s of a warm start over 100k files as rows.
 * REAL values come back exactly: the SQLite bundled by better-sqlite3 (3.53) renders a
 * REAL with the shortest text that converts back to the same double (bulkLoad.test.ts
 * fails if an upgrade changes that). A text containing NUL (never a path) makes a column
 * come out with the wrong count: the columns are then read row by row instead. Run it in
 * a read transaction when several tables must agree.
 */
export function loadColumns(db: SqliteDb, table: string, columns: readonly ColumnSpec[], where = '', params: readonly unknown[] = []): (number[] | string[])[] {
  const aggregates = columns.map(([e, kind]) => (kind === 'text' ? `group_concat(${e}, char(0))` : `group_concat(${e})`));
  const row = db.prepare(`SELECT count(*), ${aggregates.join(', ')} FROM ${table} ${where}`).raw().get(...params) as unknown[];
  const count = Number(row[0]);
  const out: (number[] | string[])[] = [];
  for (let i = 0; i < columns.length; i++) {
    const text = row[i + 1] as string | null;
    const column = count === 0 || text === null ? [] : columns[i]![1] === 'num' ? (JSON.parse(`[${text}]`) as number[]) : text.split('\0');
    if (column.length !== count) return loadRows(db, table, columns, where, params);
    out.push(column);
  }
  return out;
}

function loadRows(db: SqliteDb, table: string, columns: readonly ColumnSpec[], where: string, params: readonly unknown[]): (number[] | string[])[] {
  const rows = db
    .prepare(`SELECT ${columns.map(([e]) => e).join(', ')} FROM ${table} ${where}`)
    .raw()
    .all(...params) as (number | string)[][];
  return columns.map((_, i) => rows.map((r) => r[i]!)) as (number[] | string[])[];
}
