// Compares the two ways of encrypting the agent's database (docs/decisions.md):
// plain SQLite (baseline), per-field AES-256-GCM with the row/column as associated data, and
// whole-database SQLite3MultipleCiphers (ChaCha20-Poly1305 and SQLCipher v4 schemes).
// Usage: node packages/enterprise-agent/bench/localStoreEncryption.mjs [rows]
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import Database from 'better-sqlite3-multiple-ciphers';

const ROWS = Number(process.argv[2] ?? 20000);
const PAYLOAD = 'x'.repeat(200);
const key = randomBytes(32);

function seal(text, ad) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(ad);
  return Buffer.concat([iv, c.update(text, 'utf8'), c.final(), c.getAuthTag()]);
}

function open(b, ad) {
  const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12)).setAAD(ad);
  d.setAuthTag(b.subarray(b.length - 16));
  return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]).toString('utf8');
}

function connect(path, mode) {
  const db = new Database(path);
  if (mode === 'whole-chacha20' || mode === 'whole-sqlcipher') {
    db.pragma(`cipher = '${mode.slice(6)}'`);
    db.pragma(`key = "x'${key.toString('hex')}'"`);
  }
  return db;
}

function run(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'marie-bench-'));
  const path = join(dir, 'a.db');
  const field = mode === 'field-aes-gcm';
  const value = (id) => (field ? seal(PAYLOAD, Buffer.from(`t.v.${id}`)) : PAYLOAD);
  let db = connect(path, mode);
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)');
  const insert = db.prepare('INSERT INTO t(id, v) VALUES (?, ?)');
  let t = performance.now();
  db.transaction(() => {
    for (let id = 1; id <= ROWS; id++) insert.run(id, value(id));
  })();
  const bulk = performance.now() - t;
  db.close();
  db = connect(path, mode);
  const select = db.prepare('SELECT v FROM t WHERE id = ?');
  t = performance.now();
  for (let i = 0; i < ROWS; i++) {
    const id = 1 + ((i * 7919) % ROWS);
    const row = select.get(id);
    if (field) open(row.v, Buffer.from(`t.v.${id}`));
  }
  const read = ((performance.now() - t) / ROWS) * 1000;
  t = performance.now();
  db.pragma('quick_check');
  const check = performance.now() - t;
  db.close();
  const size = statSync(path).size;
  rmSync(dir, { recursive: true });
  return `| ${mode} | ${bulk.toFixed(0)} ms | ${read.toFixed(1)} µs | ${check.toFixed(1)} ms | ${(size / 1024).toFixed(0)} KiB |`;
}

process.stdout.write(`${ROWS} rows of ${PAYLOAD.length} bytes, one transaction; random point reads on a fresh connection\n`);
process.stdout.write('| mode | bulk insert | point read | quick_check | file |\n|---|---|---|---|---|\n');
for (const mode of ['plain', 'field-aes-gcm', 'whole-chacha20', 'whole-sqlcipher']) run(mode); // warm-up
for (const mode of ['plain', 'field-aes-gcm', 'whole-chacha20', 'whole-sqlcipher']) process.stdout.write(`${run(mode)}\n`);
