import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackListener } from '../packages/enterprise-agent/src/node/index.js';
import { launchChromium } from './support/chromium.js';

// The loopback redirect target on its own, visited by a real browser: what a page that
// guesses the port, a replayed redirect, or a slow user would meet.
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

const bodyText = async () => (await page.locator('body').textContent()) ?? '';

describe('the loopback listener of the browser sign-in', () => {
  it('binds 127.0.0.1 on a random port and accepts exactly one callback; a second one is refused', async () => {
    const listener = await LoopbackListener.start('the-state');
    try {
      expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      const answer = listener.waitForCallback({ timeoutMs: 10_000 });
      const first = await page.goto(`${listener.redirectUri}?code=abc&state=the-state`);
      expect(first!.status()).toBe(200);
      expect(first!.headers()['cache-control']).toBe('no-store');
      expect(await bodyText()).toMatch(/Signed in/);
      expect((await answer).searchParams.get('code')).toBe('abc');
      const second = await page.goto(`${listener.redirectUri}?code=other&state=the-state`);
      expect(second!.status()).toBe(409);
      expect(await bodyText()).toMatch(/second one was refused/);
      expect(listener.refused).toBe(1);
    } finally {
      await listener.close();
    }
    // Closed: nothing listens on the port any more.
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });

  it('refuses a wrong or missing state without ending the sign-in, then accepts the right one', async () => {
    const listener = await LoopbackListener.start('expected');
    try {
      const answer = listener.waitForCallback({ timeoutMs: 10_000 });
      for (const query of ['code=evil&state=forged', 'code=evil', 'error=access_denied&state=forged']) {
        const res = await page.goto(`${listener.redirectUri}?${query}`);
        expect(res!.status()).toBe(400);
        expect(await bodyText()).toMatch(/state mismatch/);
      }
      expect(listener.refused).toBe(3);
      await page.goto(`${listener.redirectUri}?code=good&state=expected`);
      expect((await answer).searchParams.get('code')).toBe('good');
    } finally {
      await listener.close();
    }
  });

  it('passes an error response with the right state to the sign-in, which reports it', async () => {
    const listener = await LoopbackListener.start('s1');
    try {
      const answer = listener.waitForCallback({ timeoutMs: 10_000 });
      await page.goto(`${listener.redirectUri}?error=access_denied&error_description=too+weak&state=s1`);
      expect(await bodyText()).toMatch(/Sign-in failed/);
      expect((await answer).searchParams.get('error_description')).toBe('too weak');
    } finally {
      await listener.close();
    }
  });

  it('refuses other paths, other methods and a Host that is not the bound address (DNS rebinding)', async () => {
    const listener = await LoopbackListener.start('s2');
    try {
      const port = new URL(listener.redirectUri).port;
      expect((await page.goto(`http://127.0.0.1:${port}/other?state=s2`))!.status()).toBe(404);
      expect((await fetch(listener.redirectUri + '?state=s2', { method: 'POST' })).status).toBe(404);
      // "localhost" names the same socket but not the address the app registered.
      expect((await page.goto(`http://localhost:${port}/callback?code=x&state=s2`))!.status()).toBe(400);
      expect(listener.refused).toBe(3);
    } finally {
      await listener.close();
    }
  });

  it('times out when the browser never comes back', async () => {
    const listener = await LoopbackListener.start('s3');
    try {
      const t0 = Date.now();
      await expect(listener.waitForCallback({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'sign-in-timeout', message: expect.stringMatching(/did not come back/) });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await listener.close();
    }
  });
});
