import { ErrorCode, RpcClient, RpcError, type ServiceContract, type Transport } from '@marie/protocol';

export type HostState =
  /** `generation` counts transports: it changes when a restarted host took over. */
  | { readonly kind: 'connected'; readonly generation: number }
  | { readonly kind: 'lost'; readonly reason?: string };

/**
 * The page's link to its host, across host restarts. The desktop main process restarts a
 * crashed host and posts a new port: `attach` it and calls go to the new host, through
 * the same service objects, so the workbench (and its unsaved edits) stays. Only the
 * current transport closing means the host is gone.
 */
export class HostSession {
  private client: RpcClient | undefined;
  private generation = 0;

  constructor(private readonly onState: (state: HostState) => void) {}

  attach(transport: Transport): void {
    const previous = this.client;
    const client = new RpcClient(transport);
    this.client = client;
    // The replaced client's close (its calls fail with ConnectionClosed) is not a loss.
    previous?.dispose();
    client.onDidClose(() => {
      if (this.client !== client) return;
      this.client = undefined;
      this.onState({ kind: 'lost' });
    });
    this.onState({ kind: 'connected', generation: ++this.generation });
  }

  /** No host could be reached at all. */
  fail(reason: string | undefined): void {
    const client = this.client;
    this.client = undefined;
    client?.dispose();
    this.onState({ kind: 'lost', reason });
  }

  /** A proxy for `contract` that always talks to the current host. */
  service<T>(contract: ServiceContract<T>): T {
    const proxy: Record<string, unknown> = {};
    for (const method of Object.keys(contract.methods)) {
      proxy[method] = (input: unknown, signal?: AbortSignal) =>
        this.client ? this.client.call(contract.channel, method, input, signal) : Promise.reject(new RpcError(ErrorCode.ConnectionClosed, 'Not connected to the host'));
    }
    for (const event of Object.keys(contract.events)) {
      // Subscriptions belong to one client; subscribers renew theirs after a restart.
      proxy[event] = (listener: (v: unknown) => void) => this.client?.subscribe(contract.channel, event, listener) ?? { dispose() {} };
    }
    return proxy as T;
  }
}
