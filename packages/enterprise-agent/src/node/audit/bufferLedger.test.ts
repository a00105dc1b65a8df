import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../common/audit/record.js';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';
import { AuditBuffer } from './auditBuffer.js';
import { AuditOutboxSlot } from './auditOutboxSlot.js';
import { BufferLedger, ENDED_REASON } from './bufferLedger.js';
import { heldDir } from './openAuditOutbox.js';
import { AuditOutbox } from './outbox.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '../../../node_modules/tsx/dist/loader.mjs');
const childScript = join(here, '../testSupport/heldEventsChild.ts');

/** A real agent process (heldEventsChild.ts) that records `count` events before the device has an outbox. */
function agentProcess(dataDir: string, count: number, how: 'exit' | 'wait') {
  const child = spawn(process.execPath, ['--import', tsx, childScript, dataDir, String(count), how], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`${code ?? signal} ${out}`)));
  const held = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('held') && resolve()));
  return { child, exited, held };
}

/** The next process that opens the (real, encrypted) outbox: its slot attaches with the data folder's ledger. */
function opener(dataDir: string, db = openEncryptedDatabase(join(dataDir, 'outbox.db'), Buffer.alloc(32, 9), { create: true })) {
  const outbox = AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-h', maxBytes: 1 << 24 });
  const slot = new AuditOutboxSlot(new AuditBuffer(), () => true, new BufferLedger(heldDir(dataDir)));
  slot.attach(outbox);
  return { db, slot, records: () => outbox.pending({ maxEvents: 100, maxBytes: 1 << 24 }).records.map((t) => JSON.parse(t) as AuditRecord) };
}

const newDataDir = () => mkdtempSync(join(tmpdir(), 'marie-held-'));
const heldFiles = (dataDir: string) => (existsSync(heldDir(dataDir)) ? readdirSync(heldDir(dataDir)) : []);

describe('events held in memory before the outbox opens, when their process ends first', () => {
  it('a process that exits leaves a count (no content) that the next opener records once as audit.gap', async () => {
    const dataDir = newDataDir();
    // 1,005: the buffer keeps 1,000 and counts the 5 it let go; all of them are lost with the process.
    const p = agentProcess(dataDir, 1005, 'exit');
    expect(await p.exited).toBe('0 held no-outbox 1000\n');
    const files = heldFiles(dataDir);
    expect(files).toHaveLength(1);
    const text = readFileSync(join(heldDir(dataDir), files[0]!), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ count: 1005, since: expect.stringMatching(/^\d{4}-/), until: expect.stringMatching(/^\d{4}-/) });
    expect(text).not.toMatch(/secret-target|auth\.refused/);

    const first = opener(dataDir);
    expect(first.records().map((r) => [r.seq, r.action, r.target, r.outcome, r.details])).toEqual([[1, 'audit.gap', 'pre-enrolment buffer', 'failure', { dropped: 1005, since: expect.any(String), until: expect.any(String), reason: ENDED_REASON }]]);
    expect(first.slot.securityAppended).toBe(1);
    expect(heldFiles(dataDir)).toEqual([]);
    // Recorded once: the next opener finds nothing more.
    const second = opener(dataDir, first.db);
    expect(second.records()).toHaveLength(1);
    first.db.close();
  }, 30_000);

  it('a running process keeps its count; killed with -9 it is lost, and recorded', async () => {
    const dataDir = newDataDir();
    const p = agentProcess(dataDir, 3, 'wait');
    await p.held;
    const { db, records } = opener(dataDir);
    // Its events may still arrive (it drains them when it opens the outbox itself): not a loss yet.
    expect(records()).toEqual([]);
    expect(heldFiles(dataDir)).toHaveLength(1);
    p.child.kill('SIGKILL');
    expect(await p.exited).toMatch(/^SIGKILL held/);
    const after = opener(dataDir, db);
    expect(after.records().map((r) => [r.action, r.details.dropped])).toEqual([['audit.gap', 3]]);
    expect(heldFiles(dataDir)).toEqual([]);
    db.close();
  }, 30_000);

  it('removes the count once the events reach the outbox, and a damaged count is still a gap, of unknown size', () => {
    const dataDir = newDataDir();
    const ledger = new BufferLedger(heldDir(dataDir));
    const buffer = new AuditBuffer(1000, Date.now, (held) => ledger.note(held));
    buffer.push({ action: 'auth.signin', target: 'x', outcome: 'success' }, 'security');
    expect(heldFiles(dataDir)).toHaveLength(1);
    const db = openEncryptedDatabase(join(dataDir, 'o.db'), Buffer.alloc(32, 3), { create: true });
    const outbox = AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-h', maxBytes: 1 << 24 });
    new AuditOutboxSlot(buffer, () => true, ledger).attach(outbox);
    expect(heldFiles(dataDir)).toEqual([]);

    // A count left by an ended process (pid 2^22 + 1 is above Linux's pid_max) whose file was damaged.
    new BufferLedger(heldDir(dataDir), undefined, 4_194_305).note({ count: 2, since: 'a', until: 'b' });
    const [name] = heldFiles(dataDir);
    writeFileSync(join(heldDir(dataDir), name!), '{"cou');
    expect(ledger.recordEnded((input) => outbox.append(input, 'security'))).toBe(1);
    const last = JSON.parse(outbox.pending({ maxEvents: 10, maxBytes: 1 << 24 }).records.at(-1)!) as AuditRecord;
    expect(last).toMatchObject({ action: 'audit.gap', details: { dropped: null, reason: ENDED_REASON } });
    db.close();
  });
});
