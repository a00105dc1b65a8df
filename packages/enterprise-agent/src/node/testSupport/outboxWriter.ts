// Run by outbox.test.ts: one of several processes appending to the same outbox file, as the
// IDE host and the `marie` CLI do. Prints "ready", waits for "go" on stdin (so the writers
// start together), appends `count` events tagged with `name` without yielding, prints "done".
import { once } from 'node:events';
import { AuditOutbox } from '../audit/outbox.js';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';

const [path, keyHex, name, count] = process.argv.slice(2);
const db = openEncryptedDatabase(path!, Buffer.from(keyHex!, 'hex'), { create: false });
const outbox = AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-1', org: () => 'acme', maxBytes: 1 << 26 });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let i = 0; i < Number(count); i++) outbox.append({ action: 'git.push', target: `${name}-${i}`, outcome: 'success' }, 'full');
db.close();
process.stdout.write('done\n');
