import { AUTH_EXIT, reportAuthError, withAuth } from './authContext.js';

/** `marie logout`: revokes the session at the server and deletes it from the secret store. */
export async function logout(): Promise<number> {
  try {
    return await withAuth(async (auth) => {
      const r = await auth.signOut();
      if (!r.wasSignedIn) {
        process.stdout.write('Not signed in.\n');
        return AUTH_EXIT.ok;
      }
      if (r.revoked) {
        process.stdout.write('Signed out: the session was revoked at the server and removed from this machine.\n');
        return AUTH_EXIT.ok;
      }
      process.stderr.write(`marie: removed the session from this machine, but the server could not be told (${r.revokeError}); it stays valid there until it expires\n`);
      return AUTH_EXIT.failed;
    });
  } catch (e) {
    return reportAuthError(e);
  }
}
