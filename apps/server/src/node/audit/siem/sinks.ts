import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import type { AuditRecord } from '@marie/enterprise-agent';
import { octetFrame, syslogMessage } from './syslogFormat.js';

/** Delivers a batch, or throws; `retryAfterMs` on the error asks for a longer pause. */
export interface SiemSink {
  /** Stable name: it keys the forwarding cursors, so renaming a sink re-sends everything. */
  readonly id: string;
  deliver(records: AuditRecord[]): Promise<void>;
  close(): void;
}

export class SinkError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** RFC 5424 over TCP, or TLS when the URL is `tls://` (optionally with a CA file for private PKI). */
export class SyslogSink implements SiemSink {
  readonly id: string;
  private socket: Socket | null = null;

  constructor(
    private readonly url: URL,
    private readonly caFile?: string,
    private readonly host = hostname(),
  ) {
    this.id = `syslog:${url.host}`;
  }

  async deliver(records: AuditRecord[]): Promise<void> {
    const socket = await this.connected();
    const data = Buffer.concat(records.map((r) => octetFrame(syslogMessage(r, this.host))));
    // TCP syslog has no acknowledgement: "written to the kernel" is as good as it gets; a
    // broken connection surfaces on this write or the next, and the batch is sent again.
    await new Promise<void>((resolve, reject) => socket.write(data, (e) => (e ? reject(new SinkError(`syslog write failed: ${e.message}`)) : resolve())));
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    const port = Number(this.url.port || (this.url.protocol === 'tls:' ? 6514 : 601));
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(new SinkError(`syslog connect to ${this.url.host} failed: ${e.message}`));
      const s =
        this.url.protocol === 'tls:'
          ? tlsConnect({ host: this.url.hostname, port, servername: this.url.hostname, ca: this.caFile ? readFileSync(this.caFile) : undefined }, () => resolve(s))
          : tcpConnect({ host: this.url.hostname, port }, () => resolve(s));
      s.once('error', onError);
      s.on('close', () => (this.socket === s ? (this.socket = null) : undefined));
      s.on('error', () => s.destroy());
      this.socket = s;
    });
  }
}

/** HTTPS POST of a JSON batch, HMAC-SHA256 signed so the receiver can tell it came from us. */
export class WebhookSink implements SiemSink {
  readonly id: string;

  constructor(
    private readonly url: URL,
    private readonly secret: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.id = `webhook:${url.host}${url.pathname}`;
  }

  async deliver(records: AuditRecord[]): Promise<void> {
    const body = JSON.stringify({ events: records });
    let r: Response;
    try {
      r = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-marie-signature': `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}` },
        body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new SinkError(`webhook unreachable: ${(e as Error).message}`);
    }
    await r.arrayBuffer().catch(() => undefined);
    if (r.ok) return;
    const after = Number(r.headers.get('retry-after'));
    throw new SinkError(`webhook answered ${r.status}`, Number.isFinite(after) && after > 0 ? after * 1000 : null);
  }

  close(): void {}
}
