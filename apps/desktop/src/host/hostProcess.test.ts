import { EventEmitter } from 'node:events';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createMessagePortTransport, RpcClient, workspaceContract, type MessagePortLike } from '@marie/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToMain } from '../common/hostMessages.js';

// The real host behind a real MessagePort; only Electron's parentPort is imitated.
class FakeParentPort extends EventEmitter {
  readonly posted: HostToMain[] = [];
  postMessage(message: HostToMain) {
    this.posted.push(message);
    this.emit('posted', message);
  }
  send(data: unknown, ports: MessagePort[] = []) {
    this.emit('message', { data, ports });
  }
  next(type: HostToMain['type']): Promise<HostToMain> {
    return new Promise((resolve) => {
      const check = (m: HostToMain) => m.type === type && (this.off('posted', check), resolve(m));
      this.on('posted', check);
    });
  }
}

describe('host utility process', () => {
  const parent = new FakeParentPort();
  const open: MessagePort[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'marie-hostproc-')));
    await writeFile(join(dir, 'a.txt'), 'hello');
    (process as unknown as { parentPort: unknown }).parentPort = parent;
    await import('./hostProcess.js');
  });
  afterAll(async () => {
    open.forEach((p) => p.close());
    await rm(dir, { recursive: true, force: true });
  });

  const connect = (client: number) => {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    parent.send({ type: 'connect', client }, [port1]);
    const transport = createMessagePortTransport(port2 as unknown as MessagePortLike);
    return { transport, workspace: new RpcClient(transport).getProxy(workspaceContract) };
  };

  it('starts with the roots main sends and reports them back', async () => {
    const reported = parent.next('roots');
    parent.send({ type: 'start', roots: [dir] });
    expect(await reported).toEqual({ type: 'roots', roots: [dir] });
  });

  it('serves a renderer over the port and trashes through main', async () => {
    const { workspace } = connect(1);
    expect((await workspace.getRoots({})).map((r) => r.path)).toEqual([dir]);
    const asked = parent.next('trash');
    const deleted = workspace.delete({ path: join(dir, 'a.txt') });
    const request = await asked;
    expect(request).toEqual({ type: 'trash', id: expect.any(Number), path: join(dir, 'a.txt') });
    parent.send({ type: 'trash-result', id: (request as { id: number }).id });
    expect(await deleted).toEqual({ trashed: true });
  });

  it('replaces a renderer connection instead of keeping both', async () => {
    const first = connect(2);
    await first.workspace.getRoots({});
    let closed = false;
    first.transport.onClose(() => (closed = true));
    const second = connect(2);
    expect((await second.workspace.getRoots({})).length).toBe(1);
    await expect.poll(() => closed).toBe(true);
  });

  it('ignores malformed messages and connects without a port', () => {
    parent.send({ type: 'connect', client: 3 });
    parent.send({ type: 'eval', code: 'process.exit()' });
    parent.send('start');
    expect(parent.posted.every((m) => m.type === 'roots' || m.type === 'trash')).toBe(true);
  });
});
