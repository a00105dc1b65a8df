import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createWebSocketTransport, DEFAULT_MAX_MESSAGE_SIZE } from '@marie/protocol';
import type { Host } from '../startHost.js';
import { pageSecurityHeaders } from './securityHeaders.js';
import { createSessionToken, readCookie, sessionCookieName, tokenMatches } from './sessionToken.js';
import { createStaticAssets } from './staticAssets.js';

export interface WebHostOptions {
  host: Host;
  rendererDir: string;
  /** Interface to bind; loopback unless the user asks otherwise. */
  hostname?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningWebHost {
  /** The page URL, token included: the one line users copy. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * `marie serve`: the workbench page and the RPC socket, both behind the per-run token.
 * The page accepts the token once in its URL and then uses an HttpOnly cookie; the
 * socket additionally requires a matching Origin and Host, which defeats cross-site
 * and DNS-rebinding attempts from other pages in the user's browser.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const hostname = options.hostname ?? '127.0.0.1';
  const token = options.token ?? createSessionToken();
  const log = options.log ?? (() => {});
  let allowedHosts = new Set<string>();
  let cookie = '';

  const authorized = (req: IncomingMessage, queryToken: string | null) =>
    tokenMatches(token, queryToken) || tokenMatches(token, readCookie(req.headers.cookie, cookie));
  const hostAllowed = (req: IncomingMessage) => allowedHosts.has(req.headers.host ?? '');
  const assets = createStaticAssets(options.rendererDir);

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    if (!hostAllowed(req)) return plain(res, 421, 'Unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const queryToken = url.searchParams.get('token');
    if (!authorized(req, queryToken)) {
      log(`refused ${req.method} ${url.pathname}: missing or wrong token`);
      return plain(res, 401, 'This MarieIDE host needs the secret token. Open the full URL that `marie serve` printed (it ends with ?token=…).');
    }
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const asset = await assets.load(isPage ? '/index.html' : url.pathname);
    if (!asset) return plain(res, 404, isPage ? 'The workbench is not built. Run `pnpm build`.' : 'Not found');
    const headers: Record<string, string> = {
      'Content-Type': asset.contentType,
      'Content-Length': String(asset.body.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    };
    if (isPage) {
      Object.assign(headers, pageSecurityHeaders());
      if (tokenMatches(token, queryToken)) headers['Set-Cookie'] = `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  }

  // The RPC layer answers oversized messages itself; ws only drops absurd frames.
  const wss = new WebSocketServer({ noServer: true, maxPayload: DEFAULT_MAX_MESSAGE_SIZE * 4 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin;
    const reject = (status: number, why: string) => {
      log(`refused WebSocket: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/rpc') return reject(404, 'Not Found');
    if (!hostAllowed(req)) return reject(421, 'Misdirected Request');
    if (origin !== undefined && origin !== `http://${req.headers.host}`) return reject(403, 'Forbidden Origin');
    if (!authorized(req, url.searchParams.get('token'))) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = options.host.connect(createWebSocketTransport(ws));
      ws.on('error', () => connection.dispose());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  cookie = sessionCookieName(port);
  allowedHosts = new Set([`${hostname}:${port}`, ...(isLoopback(hostname) ? [`localhost:${port}`, `127.0.0.1:${port}`] : [])]);
  const displayHost = hostname.includes(':') ? `[${hostname}]` : hostname;
  if (hostname.includes(':')) allowedHosts.add(`${displayHost}:${port}`);

  return {
    url: `http://${displayHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        wss.clients.forEach((c) => c.terminate());
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(text);
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '::1';
}
