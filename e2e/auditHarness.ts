import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './support/serveProcess.js';

const serverMain = resolve(repoRoot, 'apps/server/dist/main.js');
const tsx = resolve(repoRoot, 'packages/enterprise-agent/node_modules/tsx/dist/loader.mjs');
const agentChild = resolve(import.meta.dirname, 'auditAgentChild.ts');

/** A child process whose output lines the test can wait for. */
export interface Proc {
  child: ChildProcess;
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill9(): Promise<void>;
}

function track(child: ChildProcess): Proc {
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => ((out += d.toString()), waiters.forEach((w) => w()));
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    waitFor: (re, timeoutMs = 60_000) =>
      new Promise((resolveMatch, reject) => {
        const check = () => {
          const m = out.match(re);
          if (!m) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolveMatch(m);
        };
        const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`no ${re} within ${timeoutMs} ms; output tail:\n${out.slice(-2000)}`))), timeoutMs);
        waiters.add(check);
        check();
      }),
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The real `marie-server serve` on a fixed port (so a restart keeps the URL) over `dbUrl`. */
export function startServerProcess(dbUrl: string, port: number, masterKey: string): Proc {
  if (!existsSync(serverMain)) throw new Error('apps/server is not built: run `pnpm tsc -b`');
  const dataDir = mkdtempSync(join(tmpdir(), 'marie-audit-server-'));
  return track(spawn(process.execPath, [serverMain, 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', dbUrl, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MARIE_MASTER_KEY: masterKey } }));
}

export const newMasterKey = () => randomBytes(32).toString('base64');

/** A real agent process (see auditAgentChild.ts). */
export function startAgentProcess(dataDir: string, server: string, appendCount: number, upload: boolean): Proc {
  return track(spawn(process.execPath, ['--import', tsx, agentChild, dataDir, server, String(appendCount), upload ? '1' : '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env }));
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A TCP proxy in front of the server that can fail on purpose: `onFirstResponseByte` runs
 * when the server starts answering (its transaction has committed) before any byte reaches
 * the agent; `dropRequestAfterBytes` cuts a connection while the agent is still sending.
 */
export class FaultyProxy {
  onFirstResponseByte: (() => Promise<void>) | null = null;
  dropRequestAfterBytes: number | null = null;
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  port = 0;

  constructor(private readonly target: number) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let sent = 0;
      client.on('data', (d: Buffer) => {
        sent += d.length;
        const limit = this.dropRequestAfterBytes;
        if (limit !== null && sent > limit) {
          // Forward part of this chunk, then cut both sides: the server sees a truncated request.
          this.dropRequestAfterBytes = null;
          upstream.write(d.subarray(0, Math.max(1, d.length - (sent - limit))));
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => {
        const hook = this.onFirstResponseByte;
        if (hook) {
          this.onFirstResponseByte = null;
          client.pause();
          void hook().then(() => (client.destroy(), upstream.destroy()));
          return;
        }
        client.write(d);
      });
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    await new Promise((r) => this.server.close(r));
  }
}
