import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDevice } from '../apps/server/src/node/audit/devices.js';
import { exportJsonl } from '../apps/server/src/node/audit/exportStream.js';
import { auditDb } from '../apps/server/src/node/audit/tables.js';
import { tamperAuditRows } from '../apps/server/src/node/audit/tamper.js';
import { openDb, type Db } from '../apps/server/src/node/db/connect.js';
import { postgresTestDatabase, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { OrgStore } from '../apps/server/src/node/store/orgs.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { FaultyProxy, freePort, newMasterKey, startAgentProcess, startServerProcess, type Proc } from './auditHarness.js';
import { repoRoot } from './support/serveProcess.js';

const absent = await secretServiceAbsence();
const cli = resolve(repoRoot, 'apps/cli/dist/main.js');

describe('audit pipeline with real processes, SIGKILL and PostgreSQL', () => {
  if (!gateOnSecretService(absent, it)) return;
  let tdb: TestDatabase;
  let db: Db;
  let orgId: string;
  let server: Proc;
  let port: number;
  let proxy: FaultyProxy;
  const masterKey = newMasterKey();
  const procs: Proc[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'marie-audit-e2e-'));

  const startServer = async () => {
    server = startServerProcess((tdb.target as { url: string }).url, port, masterKey);
    await server.waitFor(/http:\/\/127\.0\.0\.1:\d+/);
  };
  const agent = (dataDir: string, appends: number, upload: boolean) => {
    const p = startAgentProcess(dataDir, `http://127.0.0.1:${proxy.port}`, appends, upload);
    procs.push(p);
    return p;
  };
  /** Starts an agent once so its device key exists in the keychain, and enrols it. */
  const enrolled = async (dataDir: string, appends: number, upload: boolean) => {
    const p = agent(dataDir, appends, upload);
    const [, device, publicKey] = await p.waitFor(/device (\S+) (\S+)/);
    const r = await enrolDevice(db, orgId, 'e2e', device!, publicKey!);
    expect(r).toEqual({ ok: true });
    return { p, device: device! };
  };
  const storedSeqs = async (device: string) => (await auditDb(db).selectFrom('audit_events').select('seq').where('device_id', '=', device).orderBy('seq').execute()).map((r) => Number(r.seq));
  const alerts = async (device: string) => (await auditDb(db).selectFrom('audit_alerts').select(['kind', 'seq']).where('device_id', '=', device).execute()).map((a) => `${a.kind}@${a.seq}`);
  const lastAcked = (p: Proc) => Math.max(0, ...[...p.output().matchAll(/acked (\d+)/g)].map((m) => Number(m[1])));
  const verify = (file: string) => spawnSync(process.execPath, [cli, 'audit', 'verify', file], { encoding: 'utf8' });
  const exportFile = async (device: string) => {
    let text = '';
    for await (const chunk of exportJsonl(db, orgId, { device })) text += chunk;
    const file = join(dir, `export-${device}-${Date.now()}.jsonl`);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    tdb = await postgresTestDatabase();
    port = await freePort();
    await startServer();
    // The server migrated the database; the test reads and sets up through its own connection.
    db = openDb(tdb.target);
    orgId = (await new OrgStore(db.kysely).create({ slug: 'acme', name: 'Acme' })).id;
    proxy = new FaultyProxy(port);
    await proxy.start();
  });
  afterAll(async () => {
    for (const p of procs) await p.kill9();
    await server?.kill9();
    await proxy?.close();
    await db?.close();
    await tdb?.drop();
  });

  it('stores every event exactly once and in order across kill -9 of the agent and of the server', async () => {
    const dataDir = join(dir, 'agent-a');
    // 1. The agent writes events locally and is killed before uploading anything.
    const first = await enrolled(dataDir, 400, false);
    await first.p.waitFor(/appended 150\n/);
    await first.p.kill9();
    expect(await storedSeqs(first.device)).toEqual([]);

    // 2. Restarted with uploads: the server is killed right after it committed a batch,
    //    before its acknowledgement reaches the agent.
    let storedAtKill = -1;
    let ackedAtKill = -1;
    const second = agent(dataDir, 100, true);
    const killed = new Promise<void>((done) => {
      proxy.onFirstResponseByte = async () => {
        ackedAtKill = lastAcked(second);
        await server.kill9();
        storedAtKill = (await storedSeqs(first.device)).length;
        done();
      };
    });
    await killed;
    expect(storedAtKill).toBeGreaterThan(ackedAtKill);
    await second.waitFor(/retry network/);
    await startServer();
    // 3. Some acknowledgements later the agent is killed again; a third start drains the rest.
    await second.waitFor(new RegExp(`acked (?!${ackedAtKill}\\b)\\d+`));
    await second.kill9();
    const third = agent(dataDir, 0, true);
    const head = Number((await third.waitFor(/head (\d+)/))[1]);
    expect(head).toBeGreaterThanOrEqual(250);
    await third.waitFor(new RegExp(`acked ${head}\\b`));
    await third.waitFor(/idle/);
    // Its idle checkpoints would otherwise keep using the proxy the next test arms.
    await third.kill9();

    expect(await storedSeqs(first.device)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(await alerts(first.device)).toEqual([]);

    // `marie audit status` reads the same encrypted outbox with the key cached in the keychain.
    const policyRoot = mkdtempSync(join(tmpdir(), 'marie-audit-policy-'));
    const status = spawnSync(process.execPath, [cli, 'audit', 'status', '--json'], { encoding: 'utf8', env: { ...process.env, MARIE_USER_DATA_DIR: dataDir, MARIE_POLICY_ROOT: policyRoot } });
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ outbox: true, device: first.device, pendingEvents: 0, headSeq: head, ackedSeq: head, lastCheckpoint: { seq: head } });

    // The export verifies offline with the CLI; one row edited around the triggers does not.
    const good = verify(await exportFile(first.device));
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/OK, \d+ records/);
    await tamperAuditRows(db, first.device, { edit: 37, replace: ['"repo-36"', '"repo-x"'] });
    const bad = verify(await exportFile(first.device));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/BROKEN at sequence 37/);
  });

  it('retries a batch cut off mid-request without duplicating anything', async () => {
    const dataDir = join(dir, 'agent-b');
    const a = await enrolled(dataDir, 0, false);
    await a.p.kill9();
    proxy.dropRequestAfterBytes = 300;
    const b = agent(dataDir, 120, true);
    await b.waitFor(/retry network/);
    const head = 120;
    await b.waitFor(new RegExp(`acked ${head}\\b`));
    await b.kill9();
    expect(await storedSeqs(a.device)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(await alerts(a.device)).toEqual([]);
  });

  it('drains a backlog of 100,000 events recorded while the server was down, in order, and the chain verifies', async () => {
    const dataDir = join(dir, 'agent-c');
    const a = await enrolled(dataDir, 0, false);
    await a.p.kill9();
    await server.kill9();
    const b = agent(dataDir, 100_000, true);
    await b.waitFor(/appends done/, 400_000);
    expect(lastAcked(b)).toBe(0);
    const t0 = Date.now();
    await startServer();
    await b.waitFor(/acked 100000\b/, 200_000);
    const drainSeconds = (Date.now() - t0) / 1000;
    await b.kill9();
    const seqs = await storedSeqs(a.device);
    expect(seqs.length).toBe(100_000);
    expect(seqs.every((s, i) => s === i + 1)).toBe(true);
    expect(await alerts(a.device)).toEqual([]);
    const v = verify(await exportFile(a.device));
    expect(v.status, v.stdout.slice(-2000)).toBe(0);
    expect(v.stdout).toMatch(/OK, 100000 records, sequences 1–100000/);
    process.stderr.write(`[audit] backlog of 100,000 drained in ${drainSeconds.toFixed(1)} s\n`);
  }, 700_000);
});
