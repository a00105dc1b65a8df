import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ErrorCode, RpcError } from '../errors.js';
import { Emitter, type Event } from '../event.js';
import { createMemoryTransportPair } from '../transports/memory.js';
import type { Transport } from '../transports/transport.js';
import { RpcClient } from './client.js';
import { defineContract } from './contract.js';
import { RpcServer } from './server.js';

interface IEcho {
  echo(input: { text: string }, signal?: AbortSignal): Promise<{ text: string; at: string }>;
  wait(input: { ms: number }, signal?: AbortSignal): Promise<string>;
  fail(input: { kind: 'rpc' | 'crash' }): Promise<never>;
  onTick: Event<number>;
}

const echoContract = defineContract<IEcho>({
  channel: 'echo',
  methods: {
    echo: z.object({ text: z.string().max(100) }).strict(),
    wait: z.object({ ms: z.number().int().max(10_000) }).strict(),
    fail: z.object({ kind: z.enum(['rpc', 'crash']) }).strict(),
  },
  events: { onTick: true },
});

function setup(maxMessageSize?: number) {
  const ticks = new Emitter<number>();
  const cancelled: string[] = [];
  const internal: unknown[] = [];
  const impl: IEcho = {
    echo: async ({ text }) => ({ text, at: new Date(0).toISOString() }),
    wait: ({ ms }, signal) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => resolve('done'), ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          cancelled.push('wait');
          reject(new Error('aborted'));
        });
      }),
    fail: async ({ kind }) => {
      if (kind === 'rpc') throw new RpcError(ErrorCode.NotFound, 'no such thing');
      throw new Error('secret stack detail');
    },
    onTick: ticks.event,
  };
  const [serverEnd, clientEnd] = createMemoryTransportPair();
  const server = new RpcServer(serverEnd, { maxMessageSize, onInternalError: (e) => internal.push(e) });
  server.register(echoContract, impl);
  const client = new RpcClient(clientEnd, { maxMessageSize: 1 << 30 });
  return { server, client, proxy: client.getProxy(echoContract), ticks, cancelled, internal, serverEnd, clientEnd };
}

function rawReplies(t: Transport): string[] {
  const got: string[] = [];
  t.onMessage((d) => got.push(d));
  return got;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('RPC over the in-memory transport', () => {
  it('round-trips a call through JSON', async () => {
    const { proxy } = setup();
    await expect(proxy.echo({ text: 'hi' })).resolves.toEqual({ text: 'hi', at: '1970-01-01T00:00:00.000Z' });
  });

  it('rejects invalid input with E_INVALID_INPUT before the service runs', async () => {
    const { proxy } = setup();
    const err = await proxy.echo({ text: 'x'.repeat(101) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(ErrorCode.InvalidInput);
    const extra = await proxy.echo({ text: 'a', evil: 1 } as never).catch((e: RpcError) => e.code);
    expect(extra).toBe(ErrorCode.InvalidInput);
  });

  it('passes service errors as codes and hides internal ones', async () => {
    const { proxy, internal } = setup();
    await expect(proxy.fail({ kind: 'rpc' })).rejects.toMatchObject({ code: ErrorCode.NotFound, message: 'no such thing' });
    const crash = (await proxy.fail({ kind: 'crash' }).catch((e: unknown) => e)) as RpcError;
    expect(crash.code).toBe(ErrorCode.Internal);
    expect(crash.message).not.toContain('secret');
    expect(internal).toHaveLength(1);
  });

  it('cancels a call on the host when the signal aborts', async () => {
    const { proxy, cancelled } = setup();
    const ac = new AbortController();
    const p = proxy.wait({ ms: 5000 }, ac.signal);
    await tick();
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: ErrorCode.Cancelled });
    await vi.waitFor(() => expect(cancelled).toEqual(['wait']));
  });

  it('delivers events until the listener is disposed', async () => {
    const { proxy, ticks } = setup();
    const got: number[] = [];
    const sub = proxy.onTick((n) => got.push(n));
    await tick();
    await vi.waitFor(() => expect(ticks.hasListeners).toBe(true));
    ticks.fire(1);
    ticks.fire(2);
    await vi.waitFor(() => expect(got).toEqual([1, 2]));
    sub.dispose();
    await vi.waitFor(() => expect(ticks.hasListeners).toBe(false));
    await tick();
    ticks.fire(3);
    await tick();
    expect(got).toEqual([1, 2]);
    expect(ticks.hasListeners).toBe(false);
  });

  it('answers malformed and unknown messages with errors and keeps serving', async () => {
    const { client, clientEnd } = setup();
    const replies = rawReplies(clientEnd);
    clientEnd.send('not json');
    clientEnd.send('{"t":"req","id":7,"ch":"echo"}');
    clientEnd.send('{"t":"req","id":8,"ch":"nope","m":"x","a":{}}');
    clientEnd.send('{"t":"req","id":9,"ch":"echo","m":"constructor","a":{}}');
    clientEnd.send('{"t":"req","id":10,"ch":"echo","m":"__proto__","a":{}}');
    clientEnd.send('\u0000non-text');
    await vi.waitFor(() => expect(replies).toHaveLength(6));
    const parsed = replies.map((r) => JSON.parse(r) as { id?: number; e: { code: string } });
    expect(parsed.map((p) => [p.id ?? null, p.e.code])).toEqual([
      [null, ErrorCode.MalformedMessage],
      [7, ErrorCode.MalformedMessage],
      [8, ErrorCode.UnknownChannel],
      [9, ErrorCode.UnknownMethod],
      [10, ErrorCode.UnknownMethod],
      [null, ErrorCode.MalformedMessage],
    ]);
    await expect(client.call('echo', 'echo', { text: 'still alive' })).resolves.toMatchObject({ text: 'still alive' });
  });

  it('refuses oversized messages with the request id, without parsing them', async () => {
    const { client } = setup(1000);
    const err = (await client.call('echo', 'echo', { text: 'y'.repeat(5000) }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe(ErrorCode.MessageTooLarge);
    await expect(client.call('echo', 'echo', { text: 'ok' })).resolves.toMatchObject({ text: 'ok' });
  });

  it('the client refuses to send a message over its own limit', async () => {
    const [a, b] = createMemoryTransportPair();
    new RpcServer(a).register(echoContract, {} as IEcho);
    const client = new RpcClient(b, { maxMessageSize: 100 });
    await expect(client.call('echo', 'echo', { text: 'z'.repeat(200) })).rejects.toMatchObject({ code: ErrorCode.MessageTooLarge });
  });

  it('rejects pending calls when the connection closes', async () => {
    const { proxy, serverEnd, cancelled } = setup();
    const p = proxy.wait({ ms: 5000 });
    await tick();
    serverEnd.close();
    await expect(p).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    expect(cancelled).toEqual(['wait']);
    await expect(proxy.echo({ text: 'x' })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
  });
});
