// Run by encryptedDatabase.test.ts, which kills it with SIGKILL mid-write. Each transaction
// adds one batch of rows and bumps a counter, so a torn transaction would show as a short
// batch or a counter out of step. Prints "committed N" after each commit. Mode `wal` writes
// in WAL mode (as the audit outbox does), `delete` with the default rollback journal.
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';

const [path, keyHex, mode] = process.argv.slice(2);
const db = openEncryptedDatabase(path!, Buffer.from(keyHex!, 'hex'), { create: true });
if (mode === 'wal') db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS batch_rows(batch INTEGER, n INTEGER, payload BLOB); CREATE TABLE IF NOT EXISTS counter(id INTEGER PRIMARY KEY, last INTEGER)');
const insert = db.prepare('INSERT INTO batch_rows(batch, n, payload) VALUES (?, ?, randomblob(?))');
const bump = db.prepare('INSERT INTO counter(id, last) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET last = excluded.last');
let batch = (db.prepare('SELECT last FROM counter WHERE id = 1').get() as { last: number } | undefined)?.last ?? 0;
const write = db.transaction((b: number) => {
  // Sizes vary so transactions span several pages and grow the file.
  for (let n = 0; n < 40; n++) insert.run(b, n, 200 + ((b * 37 + n * 11) % 3000));
  bump.run(b);
});
for (;;) {
  batch++;
  write(batch);
  process.stdout.write(`committed ${batch}\n`);
  // Delete old batches now and then, so pages are freed and reused as well as appended.
  if (batch % 7 === 0) db.prepare('DELETE FROM batch_rows WHERE batch < ? AND batch % 3 = 0').run(batch - 10);
}
