import { printJson } from '../output.js';
import { AUTH_EXIT, reportAuthError, withAuth } from './authContext.js';
import { sessionJson, sessionText } from './authFormat.js';

/** `marie whoami [--json]`: the session as the server confirms it (refreshed if needed). */
export async function whoami(args: { json?: boolean }): Promise<number> {
  try {
    return await withAuth(async (auth) => {
      const info = await auth.whoami();
      if (args.json) printJson(sessionJson(info));
      else process.stdout.write(sessionText(info));
      return AUTH_EXIT.ok;
    });
  } catch (e) {
    return reportAuthError(e);
  }
}
