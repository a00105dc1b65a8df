import type { z } from 'zod';
import { ErrorCode, RpcError, type WireError } from '../errors.js';
import type { Disposable, Event } from '../event.js';
import type { Transport } from '../transports/transport.js';
import type { ServiceContract } from './contract.js';
import { clientMessageSchema, DEFAULT_MAX_MESSAGE_SIZE, peekRequestId, type ClientMessage, type ServerMessage } from './messages.js';

export interface RpcServerOptions {
  maxMessageSize?: number;
  /** Requests in flight per connection; more are refused with E_BUSY, never queued without bound. */
  maxInFlight?: number;
  /** Called with unexpected failures. Receives the error only, never the request arguments. */
  onInternalError?: (error: unknown, where: string) => void;
}

interface Registered {
  contract: ServiceContract<unknown>;
  impl: Record<string, unknown>;
}

/** Serves registered services to one peer over one transport. */
export class RpcServer implements Disposable {
  private readonly services = new Map<string, Registered>();
  private readonly inFlight = new Map<number, AbortController>();
  private readonly subscriptions = new Map<number, Disposable>();
  private readonly maxMessageSize: number;
  private readonly maxInFlight: number;
  private readonly listeners: Disposable[];
  private disposed = false;

  constructor(
    private readonly transport: Transport,
    private readonly options: RpcServerOptions = {},
  ) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.maxInFlight = options.maxInFlight ?? 512;
    this.listeners = [transport.onMessage((d) => this.receive(d)), transport.onClose(() => this.dispose())];
  }

  register<T>(contract: ServiceContract<T>, impl: T): Disposable {
    if (this.services.has(contract.channel)) throw new Error(`channel ${contract.channel} already registered`);
    this.services.set(contract.channel, { contract: contract as ServiceContract<unknown>, impl: impl as Record<string, unknown> });
    return { dispose: () => this.services.delete(contract.channel) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inFlight.forEach((c) => c.abort());
    this.inFlight.clear();
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions.clear();
    this.listeners.forEach((l) => l.dispose());
  }

  private receive(data: string): void {
    if (typeof data !== 'string') return this.protocolError(ErrorCode.MalformedMessage, 'Messages must be text');
    if (data.length > this.maxMessageSize) {
      const id = peekRequestId(data);
      const e = { code: ErrorCode.MessageTooLarge, message: `Message of ${data.length} characters exceeds the limit of ${this.maxMessageSize}` };
      return id === undefined ? this.send({ t: 'err', e }) : this.send({ t: 'res', id, ok: false, e });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return this.protocolError(ErrorCode.MalformedMessage, 'Message is not valid JSON');
    }
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const e = { code: ErrorCode.MalformedMessage, message: 'Message does not match the RPC protocol' };
      return typeof id === 'number' && Number.isInteger(id) ? this.send({ t: 'res', id, ok: false, e }) : this.send({ t: 'err', e });
    }
    this.dispatch(parsed.data);
  }

  private dispatch(msg: ClientMessage): void {
    switch (msg.t) {
      case 'req':
        return void this.handleRequest(msg.id, msg.ch, msg.m, msg.a);
      case 'cancel':
        return this.inFlight.get(msg.id)?.abort();
      case 'sub':
        return this.handleSubscribe(msg.id, msg.ch, msg.ev);
      case 'unsub':
        this.subscriptions.get(msg.id)?.dispose();
        this.subscriptions.delete(msg.id);
        return;
    }
  }

  private async handleRequest(id: number, channel: string, method: string, arg: unknown): Promise<void> {
    if (this.inFlight.has(id)) return this.reply(id, undefined, new RpcError(ErrorCode.MalformedMessage, `Request id ${id} is already in flight`));
    if (this.inFlight.size >= this.maxInFlight) return this.reply(id, undefined, new RpcError(ErrorCode.Busy, 'Too many requests in flight'));
    const service = this.services.get(channel);
    if (!service) return this.reply(id, undefined, new RpcError(ErrorCode.UnknownChannel, `Unknown channel "${channel}"`));
    const methods = service.contract.methods as Record<string, z.ZodTypeAny>;
    const schema = Object.hasOwn(methods, method) ? methods[method] : undefined;
    const fn = service.impl[method];
    if (!schema || typeof fn !== 'function') return this.reply(id, undefined, new RpcError(ErrorCode.UnknownMethod, `Unknown method "${channel}.${method}"`));
    const input = schema.safeParse(arg);
    if (!input.success) return this.reply(id, undefined, new RpcError(ErrorCode.InvalidInput, describeIssues(input.error)));

    const controller = new AbortController();
    this.inFlight.set(id, controller);
    try {
      const value: unknown = await (fn as (i: unknown, s: AbortSignal) => Promise<unknown>).call(service.impl, input.data, controller.signal);
      this.reply(id, controller.signal.aborted ? undefined : value, controller.signal.aborted ? cancelled() : undefined);
    } catch (error) {
      this.reply(id, undefined, controller.signal.aborted && !(error instanceof RpcError) ? cancelled() : error);
    } finally {
      this.inFlight.delete(id);
    }
  }

  private handleSubscribe(id: number, channel: string, event: string): void {
    const service = this.services.get(channel);
    const events = service?.contract.events as Record<string, true> | undefined;
    const ev = service && events && Object.hasOwn(events, event) ? (service.impl[event] as Event<unknown>) : undefined;
    if (typeof ev !== 'function') return this.reply(id, undefined, new RpcError(ErrorCode.UnknownMethod, `Unknown event "${channel}.${event}"`));
    this.subscriptions.get(id)?.dispose();
    this.subscriptions.set(id, ev.call(service!.impl, (v) => this.send({ t: 'ev', id, v })));
  }

  private reply(id: number, value: unknown, error?: unknown): void {
    if (this.disposed) return;
    if (error === undefined) return this.send({ t: 'res', id, ok: true, v: value ?? null });
    this.send({ t: 'res', id, ok: false, e: this.toWire(error) });
  }

  private toWire(error: unknown): WireError {
    if (error instanceof RpcError) return error.toWire();
    this.options.onInternalError?.(error, 'request');
    return { code: ErrorCode.Internal, message: 'Internal error' };
  }

  private protocolError(code: ErrorCode, message: string): void {
    this.send({ t: 'err', e: { code, message } });
  }

  private send(msg: ServerMessage): void {
    if (this.disposed && msg.t !== 'err') return;
    let text = JSON.stringify(msg);
    if (text.length > this.maxMessageSize && msg.t === 'res') {
      text = JSON.stringify({ t: 'res', id: msg.id, ok: false, e: { code: ErrorCode.MessageTooLarge, message: 'Reply exceeds the message size limit' } });
    }
    try {
      this.transport.send(text);
    } catch (error) {
      this.options.onInternalError?.(error, 'send');
    }
  }
}

function cancelled(): RpcError {
  return new RpcError(ErrorCode.Cancelled, 'Cancelled');
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
  return `Invalid input — ${first.join('; ')}`;
}
