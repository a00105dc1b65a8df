import { chooseServer } from '@marie/enterprise-agent';
import { openSystemBrowser, type DeviceCode } from '@marie/enterprise-agent/node';
import { AUTH_EXIT, reportAuthError } from './authContext.js';
import { withAuditedAuth } from './auditedAuthContext.js';
import { sessionText } from './authFormat.js';

export interface LoginArgs {
  device?: boolean;
  server?: string;
}

function showDeviceCode(code: DeviceCode): void {
  const minutes = Math.round(code.expiresInSeconds / 60);
  process.stderr.write(
    `To sign in, open ${code.verificationUri} on any device and enter the code:\n\n    ${code.userCode}\n\n` +
      (code.verificationUriComplete ? `Or open ${code.verificationUriComplete}\n` : '') +
      `The code expires in ${minutes} minute${minutes === 1 ? '' : 's'}. Waiting…\n`,
  );
}

async function showAuthorizationUrl(url: string): Promise<void> {
  const opened = await openSystemBrowser(url);
  process.stderr.write(opened ? `Your browser was opened to sign in. If it did not, open this URL:\n  ${url}\n` : `Open this URL in your browser to sign in:\n  ${url}\n`);
  process.stderr.write('Waiting for the browser…\n');
}

/** `marie login [--device] [--server URL]`: signs in through the broker and keeps the session. */
export async function login(args: LoginArgs): Promise<number> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    return await withAuditedAuth(async (audited, auth, policy) => {
      const previous = (await auth.peek().catch(() => null))?.server;
      const server = chooseServer({ flag: args.server, consoleUrl: policy.get('ConsoleURL'), previous });
      const info = await audited.signIn(server, args.device ? { kind: 'device', onCode: showDeviceCode } : { kind: 'browser', openUrl: showAuthorizationUrl }, abort.signal);
      process.stdout.write(sessionText(info));
      return AUTH_EXIT.ok;
    });
  } catch (e) {
    return reportAuthError(e);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
