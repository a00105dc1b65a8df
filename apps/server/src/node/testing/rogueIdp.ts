import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';

export type RogueMode = 'good' | 'alg-none' | 'hs256-confusion' | 'unknown-kid' | 'wrong-aud' | 'wrong-iss' | 'expired' | 'wrong-nonce';

export interface RogueIdp {
  issuer: string;
  clientId: string;
  mode: RogueMode;
  close(): Promise<void>;
}

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * Test-only: a hand-written IdP whose token endpoint returns the ID token the test asks for,
 * well-formed or forged, to prove the broker's relying party refuses each forgery.
 */
export async function startRogueIdp(): Promise<RogueIdp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const pem = await exportSPKI(publicKey);
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'rogue-client';
  const state = { mode: 'good' as RogueMode, nonce: '' };

  async function idToken(): Promise<string> {
    const t = Math.floor(Date.now() / 1000);
    const claims = { sub: 'mallory', email: 'mallory@rogue.test', email_verified: true, nonce: state.nonce, auth_time: t, amr: ['pwd', 'otp'] };
    const m = state.mode;
    if (m === 'alg-none') return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: issuer, aud: clientId, iat: t, exp: t + 300 })}.`;
    if (m === 'hs256-confusion') {
      // The classic confusion: HMAC keyed with the RSA public key the verifier trusts.
      const input = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ ...claims, iss: issuer, aud: clientId, iat: t, exp: t + 300 })}`;
      return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    }
    const jwt = new SignJWT({ ...claims, nonce: m === 'wrong-nonce' ? 'not-the-nonce' : state.nonce })
      .setProtectedHeader({ alg: 'RS256', kid: m === 'unknown-kid' ? 'k2' : 'k1' })
      .setIssuer(m === 'wrong-iss' ? 'https://evil.example' : issuer)
      .setAudience(m === 'wrong-aud' ? 'someone-else' : clientId)
      .setIssuedAt(m === 'expired' ? t - 7200 : t)
      .setExpirationTime(m === 'expired' ? t - 3600 : t + 300);
    return jwt.sign(m === 'unknown-kid' ? other.privateKey : privateKey);
  }

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (v: object) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(v));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/authorize') {
      state.nonce = url.searchParams.get('nonce') ?? '';
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'rogue-code');
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token') {
      void idToken().then((id_token) => json({ access_token: 'opaque', token_type: 'Bearer', expires_in: 300, id_token }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });

  return {
    issuer,
    clientId,
    get mode() {
      return state.mode;
    },
    set mode(m: RogueMode) {
      state.mode = m;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
