import { ErrorCode, RpcError, type WireError } from '../errors.js';
import { Emitter, type Disposable } from '../event.js';
import type { Transport } from '../transports/transport.js';
import type { ServiceContract } from './contract.js';
import { DEFAULT_MAX_MESSAGE_SIZE, type ServerMessage } from './messages.js';

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  cleanup(): void;
}

export interface RpcClientOptions {
  maxMessageSize?: number;
}

/** Calls services on the peer. `getProxy` turns a contract into a typed object. */
export class RpcClient implements Disposable {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<number, (v: unknown) => void>();
  private readonly listeners: Disposable[];
  private readonly maxMessageSize: number;
  private closed = false;
  private readonly protocolErrors = new Emitter<WireError>();
  private readonly closeEmitter = new Emitter<void>();
  /** Errors the peer could not attribute to a request (e.g. unparseable messages). */
  readonly onProtocolError = this.protocolErrors.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly transport: Transport,
    options: RpcClientOptions = {},
  ) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.listeners = [transport.onMessage((d) => this.receive(d)), transport.onClose(() => this.handleClose())];
  }

  get isClosed(): boolean {
    return this.closed;
  }

  call(channel: string, method: string, input: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new RpcError(ErrorCode.ConnectionClosed, 'Connection to the host is closed'));
    if (signal?.aborted) return Promise.reject(new RpcError(ErrorCode.Cancelled, 'Cancelled'));
    const id = this.nextId++;
    const text = JSON.stringify({ t: 'req', id, ch: channel, m: method, a: input ?? {} });
    if (text.length > this.maxMessageSize) {
      return Promise.reject(new RpcError(ErrorCode.MessageTooLarge, `Request of ${text.length} characters exceeds the limit of ${this.maxMessageSize}`));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.trySend(JSON.stringify({ t: 'cancel', id }));
        this.settle(id)?.reject(new RpcError(ErrorCode.Cancelled, 'Cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) });
      this.trySend(text);
    });
  }

  subscribe(channel: string, event: string, listener: (v: unknown) => void): Disposable {
    const id = this.nextId++;
    this.subs.set(id, listener);
    this.trySend(JSON.stringify({ t: 'sub', id, ch: channel, ev: event }));
    return {
      dispose: () => {
        if (this.subs.delete(id)) this.trySend(JSON.stringify({ t: 'unsub', id }));
      },
    };
  }

  getProxy<T>(contract: ServiceContract<T>): T {
    const proxy: Record<string, unknown> = {};
    for (const method of Object.keys(contract.methods)) {
      proxy[method] = (input: unknown, signal?: AbortSignal) => this.call(contract.channel, method, input, signal);
    }
    for (const event of Object.keys(contract.events)) {
      proxy[event] = (listener: (v: unknown) => void) => this.subscribe(contract.channel, event, listener);
    }
    return proxy as T;
  }

  dispose(): void {
    this.handleClose();
    this.transport.close();
  }

  private receive(data: string): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      return this.protocolErrors.fire({ code: ErrorCode.MalformedMessage, message: 'Host sent invalid JSON' });
    }
    if (msg.t === 'ev') return this.subs.get(msg.id)?.(msg.v);
    if (msg.t === 'err') return this.protocolErrors.fire(msg.e);
    if (msg.t !== 'res') return;
    const p = this.settle(msg.id);
    if (!p) {
      // A failed subscription answers with the subscription's id.
      if (!msg.ok) this.subs.delete(msg.id);
      return;
    }
    if (msg.ok) p.resolve(msg.v);
    else p.reject(RpcError.fromWire(msg.e));
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (p) {
      this.pending.delete(id);
      p.cleanup();
    }
    return p;
  }

  private trySend(text: string): void {
    if (this.closed) return;
    try {
      this.transport.send(text);
    } catch {
      this.handleClose();
    }
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new RpcError(ErrorCode.ConnectionClosed, 'Connection to the host closed'));
    this.subs.clear();
    this.listeners.forEach((l) => l.dispose());
    this.closeEmitter.fire();
  }
}
