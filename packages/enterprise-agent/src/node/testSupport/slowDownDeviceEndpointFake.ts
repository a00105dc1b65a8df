import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the token endpoint answers to each poll, in order; the last answer repeats. */
export type PollAnswer = 'authorization_pending' | 'slow_down' | 'expired_token' | 'success';

export interface SlowDownDeviceEndpointFakeOptions {
  answers: PollAnswer[];
  /** The `interval` the device endpoint announces, in seconds; fractions keep tests short. */
  intervalSeconds: number;
  expiresInSeconds: number;
}

/**
 * FAKE, for tests only: a device authorization and token endpoint that plays back scripted
 * poll answers. Our broker (oidc-provider) never sends `slow_down`, so the client's handling
 * of it can only be exercised against a server that does. It records when each poll arrived.
 */
export class SlowDownDeviceEndpointFake {
  /** `performance.now()` of each token request, to measure the client's polling intervals. */
  readonly pollTimes: number[] = [];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(options: SlowDownDeviceEndpointFakeOptions): Promise<SlowDownDeviceEndpointFake> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fake = new SlowDownDeviceEndpointFake(server, issuer);
    server.on('request', (req, res) => {
      void readBody(req).then((body) => {
        const [status, json] = fake.answer(req.url ?? '', body, options);
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(json));
      });
    });
    return fake;
  }

  private answer(path: string, body: URLSearchParams, o: SlowDownDeviceEndpointFakeOptions): [number, object] {
    if (path === '/.well-known/openid-configuration') {
      return [200, { issuer: this.issuer, token_endpoint: `${this.issuer}/token`, device_authorization_endpoint: `${this.issuer}/device/auth`, authorization_endpoint: `${this.issuer}/auth` }];
    }
    if (path === '/device/auth') {
      return [200, { device_code: 'fake-device-code', user_code: 'FAKE-CODE', verification_uri: `${this.issuer}/device`, expires_in: o.expiresInSeconds, interval: o.intervalSeconds }];
    }
    if (path === '/token' && body.get('device_code') === 'fake-device-code') {
      this.pollTimes.push(performance.now());
      const answer = o.answers[Math.min(this.pollTimes.length - 1, o.answers.length - 1)]!;
      if (answer === 'success') return [200, { access_token: 'fake-access-token', token_type: 'Bearer', expires_in: 300 }];
      return [400, { error: answer }];
    }
    return [404, { error: 'not_found' }];
  }

  /** Gaps between consecutive polls, in seconds. */
  gaps(): number[] {
    return this.pollTimes.slice(1).map((t, i) => (t - this.pollTimes[i]!) / 1000);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
