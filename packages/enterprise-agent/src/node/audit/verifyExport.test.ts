import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/audit/canonical.js';
import type { AuditRecord } from '../../common/audit/record.js';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';
import { generateEd25519 } from './chainCrypto.js';
import { Checkpointer } from './checkpointer.js';
import { AuditOutbox } from './outbox.js';
import { verifyExportFile } from './verifyExportFile.js';

const dir = mkdtempSync(join(tmpdir(), 'marie-verify-'));

/** A device's chain of `n` records and a checkpoint over its head, as export lines. */
function chain(n: number, device = 'dev-1') {
  const db = openEncryptedDatabase(join(dir, `${device}-${Math.random()}.db`), Buffer.alloc(32, 7), { create: true });
  const outbox = AuditOutbox.open({ run: (fn) => fn(db), device, org: () => 'acme', maxBytes: 1 << 24 });
  const key = generateEd25519();
  for (let i = 0; i < n; i++) outbox.append({ action: 'git.push', target: `repo-${i}`, outcome: 'success' }, 'full');
  const cp = new Checkpointer({ outbox, key, org: () => 'acme', intervalMs: 1000 }).checkpoint();
  const records = outbox.pending({ maxEvents: n, maxBytes: 1 << 30 }).records.map((t) => JSON.parse(t) as AuditRecord);
  db.close();
  return { device: { type: 'device', device, org: 'acme', publicKey: key.publicKey }, records, cp };
}

async function verifyLines(lines: unknown[]) {
  const file = join(dir, `export-${Math.random()}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return verifyExportFile(file);
}

describe('verifyExportFile', () => {
  it('accepts an intact export and says how far checkpoints anchor it', async () => {
    const c = chain(20);
    const v = await verifyLines([c.device, ...c.records, c.cp]);
    expect(v.ok).toBe(true);
    expect(v.devices[0]).toMatchObject({ events: 20, firstSeq: 1, lastSeq: 20, checkpointsVerified: 1, anchoredSeq: 20, brokenAt: null });
  });

  it('names the first broken sequence for an edited, deleted or reordered record', async () => {
    const c = chain(20);
    const edited = c.records.map((r) => (r.seq === 7 ? { ...r, target: 'changed' } : r));
    expect((await verifyLines([c.device, ...edited, c.cp])).devices[0]).toMatchObject({ brokenAt: 7 });
    const deleted = c.records.filter((r) => r.seq !== 12);
    expect((await verifyLines([c.device, ...deleted, c.cp])).devices[0]).toMatchObject({ brokenAt: 12 });
    const reordered = [...c.records];
    [reordered[4], reordered[5]] = [reordered[5]!, reordered[4]!];
    const v = await verifyLines([c.device, ...reordered, c.cp]);
    expect(v.ok).toBe(false);
    expect(v.devices[0]).toMatchObject({ brokenAt: 5 });
  });

  it('catches a rewritten chain (re-hashed after an edit) through the signed checkpoint', async () => {
    const c = chain(10);
    // The attacker edits record 4 and recomputes every hash after it: the links all hold.
    const { sha256Hex } = await import('./chainCrypto.js');
    const { recordHashInput } = await import('../../common/audit/canonical.js');
    const forged: AuditRecord[] = [];
    for (const r of c.records) {
      const prev = forged.length ? forged[forged.length - 1]!.hash : r.prev;
      const base = { ...r, prev, target: r.seq === 4 ? 'forged' : r.target };
      forged.push({ ...base, hash: sha256Hex(recordHashInput(base)) });
    }
    const v = await verifyLines([c.device, ...forged, c.cp]);
    expect(v.devices[0]).toMatchObject({ brokenAt: 10 });
    expect(v.devices[0]!.reason).toMatch(/rewritten/);
  });

  it('reports a cut tail that a signed checkpoint still covers, and a forged checkpoint', async () => {
    const c = chain(10);
    const cut = await verifyLines([c.device, ...c.records.slice(0, 6), c.cp]);
    expect(cut.devices[0]).toMatchObject({ brokenAt: 7 });
    expect(cut.devices[0]!.reason).toMatch(/tail was cut/);
    const forgedCp = { ...c.cp, seq: 5, hash: c.records[4]!.hash };
    expect((await verifyLines([c.device, ...c.records, forgedCp])).devices[0]!.reason).toMatch(/invalid signature/);
  });

  it('rejects lines that are not part of an export', async () => {
    const c = chain(2);
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(c.device)}\n${canonicalJson(c.records[0])}\nnot json\n`);
    const v = await verifyExportFile(file);
    expect(v.ok).toBe(false);
    expect(v.badLines).toEqual([{ line: 3, reason: 'not JSON' }]);
  });
});
