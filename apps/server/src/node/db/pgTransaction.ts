import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type pg from 'pg';

// One kysely per pooled connection (the pool reuses its clients), so a transaction's queries
// and the raw client's own commands (COPY) go over the same connection.
const bound = new WeakMap<pg.PoolClient, Kysely<unknown>>();

function kyselyOn(client: pg.PoolClient): Kysely<unknown> {
  let k = bound.get(client);
  if (!k) {
    // kysely releases what it acquired; the connection is ours to release, so it gets a stand-in.
    const lease = { query: client.query.bind(client), release: () => {} };
    k = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: { connect: async () => lease, end: async () => {} } as unknown as pg.Pool }) });
    bound.set(client, k);
  }
  return k;
}

/**
 * A kysely transaction on one connection taken from `pool`, handed over together with that
 * connection's raw client, for commands kysely cannot send (COPY FROM STDIN). BEGIN, COMMIT
 * and ROLLBACK are kysely's as usual. After an error the connection is discarded rather than
 * returned to the pool, since a broken COPY may leave it in an unknown state.
 */
export async function pgTransaction<DB, T>(pool: pg.Pool, fn: (trx: Transaction<DB>, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await (kyselyOn(client) as Kysely<DB>).transaction().execute((trx) => fn(trx, client));
    client.release();
    return result;
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
}
