import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from '../../common/auth/authError.js';

export const CALLBACK_PATH = '/callback';

export interface LoopbackListenerOptions {
  /** Give up waiting for the browser after this long. Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

// Pages shown in the user's browser: no scripts, no framing, never cached, no referrer
// carrying the code onwards.
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * The native app's redirect target (RFC 8252 §7.3): an HTTP listener on 127.0.0.1, on a port
 * the OS picks, that accepts exactly one authorization response carrying the expected
 * `state`. A response with another or no state is refused and does not count: a web page
 * guessing the port cannot end or hijack the sign-in. After the one response, every further
 * request is refused until the listener closes.
 */
export class LoopbackListener {
  private accepted = false;
  private result: { resolve(url: URL): void; reject(e: Error): void } | undefined;
  /** How many requests were refused (wrong state, replay, other paths): shown in diagnostics. */
  refused = 0;

  private constructor(
    private readonly server: Server,
    readonly redirectUri: string,
    private readonly expectedState: string,
  ) {
    server.on('request', (req, res) => this.handle(req, res));
  }

  /** Binds 127.0.0.1 on a random port (never `localhost`, which may resolve elsewhere). */
  static async start(expectedState: string): Promise<LoopbackListener> {
    const server = createServer();
    // No keep-alive: each request is judged on its own and close() is not held up.
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new LoopbackListener(server, `http://127.0.0.1:${port}${CALLBACK_PATH}`, expectedState);
  }

  /** Resolves with the one accepted callback URL (which may carry an OAuth error for the caller to read). */
  waitForCallback(options: LoopbackListenerOptions = {}): Promise<URL> {
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    return new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AuthError('sign-in-timeout', `the browser did not come back within ${Math.round(timeoutMs / 1000)} s; run the sign-in again`)), timeoutMs);
      const onAbort = () => reject(new AuthError('sign-in-timeout', 'the sign-in was cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.result = {
        resolve: (url) => (done(), resolve(url)),
        reject: (e) => (done(), reject(e)),
      };
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const refuse = (status: number, title: string, text: string) => {
      this.refused++;
      res.writeHead(status, HEADERS).end(page(title, text));
    };
    const url = new URL(req.url ?? '/', this.redirectUri);
    // A Host naming anything else is a DNS-rebinding page talking to us, not the redirect.
    if (req.headers.host !== new URL(this.redirectUri).host) return refuse(400, 'Refused', 'Unexpected host.');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) return refuse(404, 'Not found', 'Nothing here.');
    if (this.accepted) return refuse(409, 'Already signed in', 'This sign-in already received its answer; this second one was refused. Close this window.');
    if (url.searchParams.get('state') !== this.expectedState) {
      return refuse(400, 'Sign-in refused', 'This response does not belong to the sign-in this application started (state mismatch). Close this window and start again from the application if needed.');
    }
    this.accepted = true;
    const failed = url.searchParams.has('error');
    res.writeHead(200, HEADERS).end(failed ? page('Sign-in failed', 'The application shows why. You can close this window.') : page('Signed in', 'You can close this window and return to MarieIDE.'));
    this.result?.resolve(url);
  }
}
