import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface CompanyUser {
  email: string;
  name: string;
  groups: string[];
}

export interface NextLogin {
  accountId: string;
  amr: string[];
  acr?: string;
  /** Seconds since the epoch; defaults to now. */
  authTime?: number;
}

export interface CompanyIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, CompanyUser>;
  /** Who "signs in" at the next interaction, with which methods: the test plays the user. */
  next: NextLogin;
  close(): Promise<void>;
}

/**
 * Test-only: a real oidc-provider playing the company's IdP, on `localhost` so its cookies
 * never mix with the broker's on 127.0.0.1. Its login page signs in `next` without a form.
 */
export async function startCompanyIdp(brokerCallback: string): Promise<CompanyIdp> {
  const users = new Map<string, CompanyUser>([
    ['alice', { email: 'alice@acme.test', name: 'Alice', groups: ['dev'] }],
    ['bob', { email: 'bob@acme.test', name: 'Bob', groups: ['dev', 'ops'] }],
  ]);
  const state = { next: { accountId: 'alice', amr: ['pwd', 'otp'] } as NextLogin };
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = 'marie-broker';
  const clientSecret = 'company-secret-for-tests';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [brokerCallback], token_endpoint_auth_method: 'client_secret_post', id_token_signed_response_alg: 'RS256' }],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const u = users.get(sub);
      return u && { accountId: sub, claims: async () => ({ sub, email: u.email, email_verified: true, name: u.name, groups: u.groups }) };
    },
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        const n = state.next;
        await provider.interactionFinished(req, res, { login: { accountId: n.accountId, amr: n.amr, acr: n.acr, ts: n.authTime ?? Math.floor(Date.now() / 1000) } }, { mergeWithLastSubmission: false });
        void details;
      })().catch(() => {
        res.statusCode = 500;
        res.end();
      });
      return;
    }
    void callback(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    users,
    get next() {
      return state.next;
    },
    set next(v: NextLogin) {
      state.next = v;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
