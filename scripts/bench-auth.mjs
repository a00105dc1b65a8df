// pnpm bench:auth [--duration S] [--connections N] — requests per second and p50/p99 latency
// of the token endpoint (refresh grant with rotation) and of a JWKS-verified API route
// (GET /api/v1/me), on SQLite and on PostgreSQL (its own database at 127.0.0.1:5432, created
// and dropped here). The server runs in its own process; autocannon drives it over loopback.
// Needs a build (`pnpm tsc -b`): it uses apps/server's dist and its test stack (company IdP).
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const dist = resolve(import.meta.dirname, '../apps/server/dist/node');
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, serve: { type: 'string' } } });

async function startServerProcess(target) {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', JSON.stringify(target)], { stdio: ['pipe', 'pipe', 'pipe'] });
  // The test IdP's development warnings are noise here; they are shown only if the server fails.
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('READY ') && ok(line.slice(6)));
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${stderr}`)));
  });
  return { url, stop: () => new Promise((r) => (child.once('exit', r), child.stdin.end())) };
}

function run(opts) {
  return new Promise((ok, fail) => autocannon({ duration: Number(values.duration), connections: Number(values.connections), pipelining: 1, ...opts }, (e, r) => (e ? fail(e) : ok(r))));
}

const summary = (r) => ({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], failed: r.non2xx + r.errors + r.timeouts });

async function benchEngine(name, db) {
  const server = await startServerProcess(db.target);
  try {
    const { desktopClient, desktopSignIn } = await import(`${dist}/testing/stack.js`);
    const config = await desktopClient(server.url);
    // One sign-in per connection: each chain of rotated refresh tokens is used by one request at a time.
    const pool = [];
    let accessToken;
    for (let i = 0; i < Number(values.connections); i++) {
      const t = await desktopSignIn(config);
      pool.push(t.refresh_token);
      accessToken = t.access_token;
    }
    const refresh = await run({
      url: `${server.url}/token`,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          // Takes a live token for this request and puts back the one the rotation returns.
          setupRequest: (req) => ({ ...req, body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'marie-desktop', refresh_token: pool.shift() ?? 'exhausted' }).toString() }),
          onResponse: (status, body) => status === 200 && pool.push(JSON.parse(body).refresh_token),
        },
      ],
    });
    const api = await run({ url: `${server.url}/api/v1/me`, headers: { authorization: `Bearer ${accessToken}` } });
    return [
      { engine: name, endpoint: 'POST /token (refresh grant, rotation)', ...summary(refresh) },
      { engine: name, endpoint: 'GET /api/v1/me (JWT verified with the JWKS)', ...summary(api) },
    ];
  } finally {
    await server.stop();
  }
}

async function main() {
  const { sqliteTestDatabase, postgresTestDatabase } = await import(`${dist}/db/testDatabases.js`);
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`machine: ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${load}, Node ${process.version}`);
  console.log(`autocannon: ${values.connections} connections, ${values.duration} s per run, over loopback; server in its own process`);
  const rows = [];
  for (const [name, create] of [['sqlite', async () => sqliteTestDatabase()], ['postgres', postgresTestDatabase]]) {
    const db = await create();
    try {
      rows.push(...(await benchEngine(name, db)));
    } finally {
      await db.drop();
    }
  }
  for (const r of rows) {
    console.log(`${r.engine.padEnd(9)} ${r.endpoint.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  (${r.ok} ok, ${r.failed} failed)`);
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (rows.some((r) => r.failed > 0)) process.exitCode = 1;
}

// Child mode: one server (plus the company IdP and an org) on the given database, until stdin closes.
if (values.serve) {
  const { startStack } = await import(`${dist}/testing/stack.js`);
  // The rate limit would be the thing measured otherwise.
  const stack = await startStack(JSON.parse(values.serve), {}, 1e9);
  process.stdout.write(`READY ${stack.server.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void stack.close().then(() => process.exit(0)));
} else {
  await main();
}
