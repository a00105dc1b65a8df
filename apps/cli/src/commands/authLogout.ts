import { AUTH_EXIT, reportAuthError } from './authContext.js';
import { withAuditedAuth } from './auditedAuthContext.js';

/** `marie logout`: revokes the session at the server and deletes it from the secret store. */
export async function logout(): Promise<number> {
  try {
    return await withAuditedAuth(async (audited) => {
      const r = await audited.signOut();
      if (r.auditError) process.stderr.write(`marie: the sign-out could not be recorded in the audit log (${r.auditError}); signing out anyway\n`);
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
