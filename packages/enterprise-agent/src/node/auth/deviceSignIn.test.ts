import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../common/auth/authError.js';
import { SlowDownDeviceEndpointFake, type SlowDownDeviceEndpointFakeOptions } from '../testSupport/slowDownDeviceEndpointFake.js';
import { deviceSignIn, type DeviceCode } from './deviceSignIn.js';
import { discoverBroker } from './discovery.js';

const BASE = 0.2;
const fakes: SlowDownDeviceEndpointFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function signInAgainst(options: SlowDownDeviceEndpointFakeOptions) {
  const fake = await SlowDownDeviceEndpointFake.start(options);
  fakes.push(fake);
  const codes: DeviceCode[] = [];
  const config = await discoverBroker(fake.issuer, 'marie-cli');
  const result = deviceSignIn(config, { onCode: (c) => codes.push(c) }).then(
    (tokens) => ({ tokens, error: undefined }),
    (error: unknown) => ({ tokens: undefined, error }),
  );
  return { fake, codes, result: await result };
}

describe('deviceSignIn against a server that sends slow_down', () => {
  it('polls at the announced interval, adds 5 s after slow_down, then gets the tokens', async () => {
    const { fake, codes, result } = await signInAgainst({ answers: ['authorization_pending', 'slow_down', 'success'], intervalSeconds: BASE, expiresInSeconds: 60 });
    expect(result.error).toBeUndefined();
    expect(result.tokens!.access_token).toBe('fake-access-token');
    expect(codes).toEqual([expect.objectContaining({ userCode: 'FAKE-CODE', expiresInSeconds: 60 })]);
    const [afterPending, afterSlowDown] = fake.gaps() as [number, number];
    expect(fake.pollTimes).toHaveLength(3);
    // Pending keeps the base interval; slow_down raises it by 5 s for the polls that follow.
    expect(afterPending).toBeGreaterThanOrEqual(BASE - 0.02);
    expect(afterPending).toBeLessThan(BASE + 1.5);
    expect(afterSlowDown).toBeGreaterThanOrEqual(BASE + 5 - 0.02);
    expect(afterSlowDown).toBeLessThan(BASE + 5 + 1.5);
  }, 20_000);

  it('ends with a clear error when the device code expires before anyone signs in', async () => {
    const started = performance.now();
    const { fake, result } = await signInAgainst({ answers: ['authorization_pending'], intervalSeconds: BASE, expiresInSeconds: 1 });
    expect(result.error).toBeInstanceOf(AuthError);
    expect((result.error as AuthError).code).toBe('sign-in-timeout');
    expect((result.error as AuthError).message).toMatch(/the code FAKE-CODE expired before the sign-in was completed; run the sign-in again/);
    // Stopped by the code's own expiry, not by some longer default.
    expect((performance.now() - started) / 1000).toBeLessThan(4);
    expect(fake.pollTimes.length).toBeGreaterThanOrEqual(2);
  });

  it('ends with the same clear error when the server reports expired_token', async () => {
    const { fake, result } = await signInAgainst({ answers: ['authorization_pending', 'expired_token'], intervalSeconds: BASE, expiresInSeconds: 60 });
    expect((result.error as AuthError).code).toBe('sign-in-timeout');
    expect((result.error as AuthError).message).toMatch(/expired before the sign-in was completed/);
    expect(fake.pollTimes).toHaveLength(2);
  });
});
