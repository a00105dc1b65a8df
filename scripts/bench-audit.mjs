// pnpm bench:audit [--devices N] [--events N] [--export FILE]
// Drives real agents' audit outboxes (SQLite3MultipleCiphers, hash chain, signed gzip uploads)
// against the real backend (marie-server in its own process) over PostgreSQL at 127.0.0.1:5432
// (a database created and dropped here). Reports ingest throughput (events/s) and p99
// acknowledgement latency with 1, 10 and 100 concurrent devices (or just --devices N), and the
// agent's cost per appended event (p50/p99, WAL with synchronous=FULL: durable before the action).
// With --export FILE it also writes the backend's JSON Lines export of everything ingested,
// the format `marie audit verify` reads. Needs a build (`pnpm tsc -b`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const serverDist = join(root, 'apps/server/dist');
const agent = await import(join(root, 'packages/enterprise-agent/dist/node/index.js'));
const { openEncryptedDatabase } = await import(join(root, 'packages/enterprise-agent/dist/node/localStore/encryptedDatabase.js'));
const { postgresTestDatabase } = await import(join(serverDist, 'node/db/testDatabases.js'));
const { openDb } = await import(join(serverDist, 'node/db/connect.js'));
const { OrgStore } = await import(join(serverDist, 'node/store/orgs.js'));
const { enrolDevice } = await import(join(serverDist, 'node/audit/devices.js'));
const { exportJsonl } = await import(join(serverDist, 'node/audit/exportStream.js'));

const { values } = parseArgs({ options: { devices: { type: 'string' }, events: { type: 'string', default: '50000' }, export: { type: 'string' } } });
const totalEvents = Number(values.events);
const levels = values.devices ? [Number(values.devices)] : [1, 10, 100];
const tmp = mkdtempSync(join(tmpdir(), 'marie-bench-audit-'));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (x) => `${x.toFixed(3)} ms`;

function outboxDb(name, durable) {
  const db = openEncryptedDatabase(join(tmp, `${name}.db`), randomBytes(32), { create: true });
  // Prefilled outboxes skip fsync (their writing is not what is measured); the append
  // measurement keeps the product's synchronous=FULL (AuditOutbox.open switches to WAL).
  if (!durable) db.pragma('synchronous = OFF');
  return db;
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function startServer(url) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(serverDist, 'main.js'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', url, '--data-dir', join(tmp, 'server')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MARIE_MASTER_KEY: randomBytes(32).toString('base64'), MARIE_AUDIT_INGEST_CONCURRENCY: '6' },
  });
  let out = '';
  await new Promise((ok, fail) => {
    child.stdout.on('data', (d) => ((out += d), /http:\/\//.test(out) && ok()));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

function appendCost(n = 3000) {
  const db = outboxDb('append-cost', true);
  const outbox = agent.AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-append', org: () => 'bench', maxBytes: 1 << 30 });
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    outbox.append({ action: 'file.export', target: `/work/src/file-${i}.ts`, outcome: 'success', actor: { sub: 'u-1', email: 'dev@bench.test' }, details: { bytes: i * 7, tool: 'bench' } }, 'full');
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  db.close();
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p99: pct(times, 99), n };
}

async function ingestRun(server, db, orgId, devices, events) {
  const perDevice = Math.ceil(events / devices);
  const agents = [];
  for (let d = 0; d < devices; d++) {
    const device = `bench-${devices}-${d}-${randomBytes(3).toString('hex')}`;
    const key = agent.generateEd25519();
    const r = await enrolDevice(db, orgId, 'bench', device, key.publicKey);
    if (!r.ok) throw new Error(r.message);
    const sdb = outboxDb(device, false);
    const outbox = agent.AuditOutbox.open({ run: (fn) => fn(sdb), device, org: () => 'acme', maxBytes: 1 << 30 });
    for (let i = 0; i < perDevice; i++) outbox.append({ action: i % 10 === 0 ? 'auth.signin' : 'file.export', target: `/src/f${i}.ts`, outcome: 'success', actor: { sub: `u-${d}`, email: `u${d}@bench.test` }, details: { i } }, 'full');
    const checkpointer = new agent.Checkpointer({ outbox, key, org: () => 'acme', intervalMs: 60_000 });
    checkpointer.checkpoint();
    const latencies = [];
    const timedFetch = async (u, init) => {
      const t = performance.now();
      const res = await fetch(u, init);
      await res.clone().arrayBuffer();
      latencies.push(performance.now() - t);
      return res;
    };
    const uploader = new agent.AuditUploader({ outbox, key, server, maxBatchEvents: 1000, backoffBaseMs: 20, backoffMaxMs: 500, fetch: timedFetch });
    agents.push({ outbox, uploader, latencies, sdb });
  }
  let retries = 0;
  const t0 = performance.now();
  await Promise.all(
    agents.map(async (a) => {
      for (;;) {
        const r = await a.uploader.uploadOnce();
        if (r.kind === 'idle') return;
        if (r.kind === 'retry') {
          retries++;
          await new Promise((res) => setTimeout(res, r.delayMs));
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const lat = agents.flatMap((a) => a.latencies).sort((a, b) => a - b);
  const pending = agents.reduce((n, a) => n + a.outbox.status().pendingEvents, 0);
  agents.forEach((a) => a.sdb.close());
  return { devices, events: perDevice * devices, seconds, eps: (perDevice * devices) / seconds, p50: pct(lat, 50), p99: pct(lat, 99), requests: lat.length, retries, pending };
}

const pg = await postgresTestDatabase();
let server;
let db;
try {
  server = await startServer(pg.target.url);
  db = openDb(pg.target);
  const orgId = (await new OrgStore(db.kysely).create({ slug: 'acme', name: 'Acme' })).id;
  process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, PostgreSQL at 127.0.0.1:5432\n`);
  const a = appendCost();
  process.stdout.write(`append (encrypted outbox, WAL, synchronous=FULL, ${a.n} events): p50 ${ms(a.p50)}, p99 ${ms(a.p99)}\n`);
  for (const devices of levels) {
    const r = await ingestRun(server.url, db, orgId, devices, totalEvents);
    process.stdout.write(`ingest ${String(devices).padStart(3)} device(s): ${r.events} events in ${r.seconds.toFixed(2)} s = ${Math.round(r.eps)} events/s; ack latency p50 ${ms(r.p50)}, p99 ${ms(r.p99)} over ${r.requests} requests; ${r.retries} retries; ${r.pending} left pending\n`);
  }
  if (values.export) {
    const out = createWriteStream(values.export);
    let lines = 0;
    for await (const chunk of exportJsonl(db, orgId, {})) {
      lines += chunk.split('\n').length - 1;
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    }
    await new Promise((r) => out.end(r));
    process.stdout.write(`export: ${lines} lines written to ${values.export} (check with: pnpm marie audit verify ${values.export})\n`);
  }
} finally {
  await db?.close();
  await server?.stop();
  await pg.drop();
  rmSync(tmp, { recursive: true, force: true });
}
