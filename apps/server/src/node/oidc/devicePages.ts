import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, page } from './html.js';

// Our own pages for the device flow: self-contained, so no third-party font loads on a sign-in page.

export async function userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, err?: Error & { userCode?: string }) {
  const msg = err ? '<p><b>That code was not accepted. Check it and try again.</b></p>' : '<p>Enter the code shown on your device.</p>';
  ctx.body = page('Sign in a device', `${msg}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

export async function userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, client: { clientId: string }, _info: unknown, userCode: string) {
  ctx.body = page(
    'Confirm the device',
    `<p><b>${escapeHtml(client.clientId)}</b> shows the code <code>${escapeHtml(userCode)}</code>. Continue only if your device shows the same code.</p>${form}` +
      `<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button> <button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Abort</button>`,
  );
}

export async function successSource(ctx: KoaContextWithOIDC) {
  ctx.body = page('Device signed in', '<p>You can close this window and return to your device.</p>');
}
