import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditOutbox, AuditUploader, Checkpointer, enrollAuditDevice, generateEd25519, type Ed25519Pair, type UploaderOptions } from '@marie/enterprise-agent/node';
import Database from 'better-sqlite3';
import type { TestDatabase } from '../db/testDatabases.js';
import { desktopClient, desktopSignIn, startStack, type Stack } from '../testing/stack.js';

export interface TestAgent {
  device: string;
  key: Ed25519Pair;
  outbox: AuditOutbox;
  uploader: AuditUploader;
  checkpointer: Checkpointer;
  close(): void;
}

/**
 * Test-only: an agent's audit pipeline (outbox, checkpointer, uploader) against `server`,
 * enrolled with `accessToken`. The outbox sits in a plain SQLite file here; the agent
 * package's own tests cover it inside the encrypted store.
 */
export async function startTestAgent(server: string, accessToken: string, options: Partial<UploaderOptions> & { device?: string; maxBytes?: number; clock?: () => number } = {}): Promise<TestAgent> {
  const device = options.device ?? `dev-${Math.random().toString(36).slice(2, 10)}`;
  const key = generateEd25519();
  const { org } = await enrollAuditDevice(server, accessToken, device, key.publicKey);
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'marie-agent-')), 'outbox.db'));
  db.pragma('synchronous = FULL');
  const outbox = AuditOutbox.open({ run: (fn) => fn(db as never), device, org: () => org, maxBytes: options.maxBytes ?? 1 << 26, now: options.clock });
  const checkpointer = new Checkpointer({ outbox, key, org: () => org, intervalMs: 60_000 });
  const uploader = new AuditUploader({ outbox, key, server, flushMs: 20, backoffBaseMs: 20, backoffMaxMs: 200, ...options });
  return { device, key, outbox, uploader, checkpointer, close: () => db.close() };
}

/** Uploads until the outbox is empty and the latest checkpoint is sent, or throws after `tries`. */
export async function drain(agent: TestAgent, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const r = await agent.uploader.uploadOnce();
    if (r.kind === 'idle') return;
    if (r.kind === 'retry') await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`the outbox of ${agent.device} did not drain`);
}

export interface AuditStack {
  stack: Stack;
  /** Bob is in the `ops` group (an audit reader and admin in these tests); Alice is not. */
  bob: string;
  alice: string;
  close(): Promise<void>;
}

/** Test-only: a stack on a fresh database with `ops` as the audit reader and admin group, and two signed-in users. */
export async function startAuditStack(create: () => Promise<TestDatabase>): Promise<AuditStack> {
  process.env.MARIE_AUDIT_READER_GROUPS = 'ops';
  process.env.MARIE_AUDIT_ADMIN_GROUPS = 'ops';
  const tdb = await create();
  const stack = await startStack(tdb.target);
  const client = await desktopClient(stack.server.url);
  const signIn = async (accountId: string) => {
    stack.idp.next = { accountId, amr: ['pwd', 'otp'] };
    return (await desktopSignIn(client)).access_token;
  };
  const bob = await signIn('bob');
  const alice = await signIn('alice');
  return {
    stack,
    bob,
    alice,
    async close() {
      await stack.close();
      await tdb.drop();
    },
  };
}
