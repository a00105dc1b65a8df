import { TestBrowser } from '../../apps/server/src/node/testing/browser.js';

const isLoopbackCallback = (u: URL) => u.hostname === '127.0.0.1' && u.pathname === '/callback';

/**
 * Plays the system browser for a loopback sign-in (the host's or `marie login`'s) without
 * Chromium: follows the authorization URL through the broker and the company IdP, presses
 * Continue on the confirmation page, then delivers the redirect to the agent's listener.
 */
export async function completeLoopbackSignIn(url: string): Promise<Response> {
  const browser = new TestBrowser(isLoopbackCallback);
  let end = await browser.go(url);
  const confirm = end.body?.match(/<form method="post" action="([^"]+\/confirm)">/);
  if (confirm) end = await browser.go(new URL(confirm[1]!, end.url), { method: 'POST', form: {} });
  if (!isLoopbackCallback(end.url)) throw new Error(`sign-in stopped at ${end.url.href}: ${end.body?.slice(0, 400)}\n${browser.trail.join('\n')}`);
  return fetch(end.url);
}
