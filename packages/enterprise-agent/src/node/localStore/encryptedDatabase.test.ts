import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';
import { openEncryptedDatabase } from './encryptedDatabase.js';

const here = dirname(fileURLToPath(import.meta.url));
const MARKER = 'plaintext-marker-4f1c';
let path: string;
const key = randomBytes(32);

beforeEach(async () => {
  path = join(await mkdtemp(join(tmpdir(), 'marie-db-')), 'agent.db');
});

function fill(): Buffer {
  const db = openEncryptedDatabase(path, key, { create: true });
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO t(v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run(`${MARKER} ${i}`);
  })();
  db.close();
  return readFileSync(path);
}

function failure(k: Uint8Array = key): string {
  try {
    const db = openEncryptedDatabase(path, k, { create: false });
    db.prepare('SELECT count(*) FROM t').get();
    db.close();
  } catch (e) {
    expect(e).toBeInstanceOf(LocalStoreError);
    return (e as LocalStoreError).code;
  }
  return 'opened';
}

describe('openEncryptedDatabase', () => {
  it('encrypts every page: no plaintext on disk, owner-only file', () => {
    const raw = fill();
    expect(raw.includes(Buffer.from(MARKER))).toBe(false);
    expect(raw.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(raw.includes(Buffer.from('CREATE TABLE'))).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = openEncryptedDatabase(path, key, { create: false });
    expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 2000 });
    db.close();
  });

  it('refuses a wrong key with a code, not garbage', () => {
    fill();
    expect(failure(randomBytes(32))).toBe('store-corrupt');
  });

  it('detects a flipped bit in any page', () => {
    const good = fill();
    const pages = good.length / 4096;
    for (const at of [0, 20, 100, 4096 + 50, 4096 * Math.floor(pages / 2) + 1234, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x01;
      writeFileSync(path, bad);
      expect(failure(), `byte ${at}`).toBe('store-corrupt');
    }
  });

  it('detects truncation at a page boundary, inside a page, and to nothing', () => {
    const good = fill();
    writeFileSync(path, good.subarray(0, good.length - 4096));
    expect(failure()).toBe('store-truncated');
    writeFileSync(path, good.subarray(0, good.length - 100));
    expect(failure()).toBe('store-truncated');
    writeFileSync(path, good.subarray(0, 4096));
    expect(failure()).toBe('store-truncated');
    writeFileSync(path, Buffer.alloc(0));
    expect(failure()).toBe('store-truncated');
  });

  it('in WAL mode counts the pages the WAL holds, and still detects a cut database file', () => {
    fill();
    const db = openEncryptedDatabase(path, key, { create: false });
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    const ins = db.prepare('INSERT INTO t(v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) ins.run(`${MARKER} more ${i}`);
    })();
    // As a kill would leave them: the new pages only in the WAL, past the database file's end.
    const main = readFileSync(path);
    const wal = readFileSync(`${path}-wal`);
    db.close();
    writeFileSync(`${path}-wal`, wal);
    expect(failure()).toBe('opened');
    writeFileSync(path, main.subarray(0, main.length - 4096 * 5));
    writeFileSync(`${path}-wal`, wal);
    expect(failure()).toMatch(/^store-(truncated|corrupt)$/);
  });

  it('detects pages swapped between positions', () => {
    const good = fill();
    const bad = Buffer.from(good);
    good.copy(bad, 4096 * 2, 4096 * 3, 4096 * 4);
    good.copy(bad, 4096 * 3, 4096 * 2, 4096 * 3);
    writeFileSync(path, bad);
    expect(failure()).toBe('store-corrupt');
  });

  // WAL: after a kill the committed tail lives only in the WAL, beyond the end of the database
  // file, and the open-time size check must count it rather than call the store truncated.
  it.each(['delete', 'wal'])('survives kill -9 in the middle of writes, every time (journal mode %s)', async (mode) => {
    const tsx = join(here, '../../../node_modules/tsx/dist/loader.mjs');
    const writer = join(here, '../testSupport/crashWriter.ts');
    let seen = 0;
    let hotJournals = 0;
    // Until two kills have left recovery work behind (a hot journal; a WAL holding pages the
    // database file does not have yet), so recovery is exercised.
    const walOutgrowsDatabase = () => {
      if (!existsSync(`${path}-wal`)) return false;
      // Frame headers (page number first) are not encrypted; the pages are.
      const wal = readFileSync(`${path}-wal`);
      const pages = statSync(path).size / 4096;
      for (let at = 32; at + 24 <= wal.length; at += 4096 + 24) if (wal.readUInt32BE(at) > pages) return true;
      return false;
    };
    for (let round = 0; hotJournals < 2; round++) {
      if (round === 40) throw new Error('40 kills never landed inside a transaction');
      const child = spawn(process.execPath, ['--import', tsx, writer, path, key.toString('hex'), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Kill after a varying number of commits, so the kill lands at different points of a write.
      const target = seen + 15 + (round % 5) * 7;
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          for (const m of d.toString().matchAll(/committed (\d+)/g)) seen = Math.max(seen, Number(m[1]));
          if (seen >= target) child.kill('SIGKILL');
        });
        child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))));
      });
      if (mode === 'delete' ? existsSync(`${path}-journal`) : walOutgrowsDatabase()) hotJournals++;
      const db = openEncryptedDatabase(path, key, { create: false });
      expect(db.pragma('journal_mode', { simple: true })).toBe(mode);
      const last = (db.prepare('SELECT last FROM counter WHERE id = 1').get() as { last: number }).last;
      // Durable: every commit the writer reported is there (synchronous = FULL).
      expect(last).toBeGreaterThanOrEqual(seen);
      const batches = db.prepare('SELECT batch, count(*) AS c FROM batch_rows GROUP BY batch').all() as { batch: number; c: number }[];
      for (const b of batches) expect(b.c, `batch ${b.batch}`).toBe(40);
      expect(Math.max(...batches.map((b) => b.batch))).toBe(last);
      const present = new Set(batches.map((b) => b.batch));
      for (let b = 1; b <= last; b++) if (b % 3 !== 0) expect(present.has(b), `batch ${b}`).toBe(true);
      db.close();
      seen = last;
    }
  }, 120_000);
});
