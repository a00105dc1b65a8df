import type { AuthReason } from '@marie/protocol';
import { AuthError, SecretStoreError } from '@marie/enterprise-agent';
import { AuditError } from '@marie/enterprise-agent/node';

// The agent's messages end with hints for the terminal; the workbench has its own Sign in button.
const cliHint = /(;\s*run "marie login"|\s*\("marie login"\))/g;

/** Why a sign-in failed or a session ended, in the workbench's words; undefined for anything else. */
export function authReasonOf(error: unknown): AuthReason | undefined {
  if (error instanceof AuthError) return { code: error.code === 'not-signed-in' ? 'session-expired' : error.code, message: error.message.replace(cliHint, '') };
  if (error instanceof SecretStoreError) return { code: 'secret-store', message: `The sign-in cannot be kept on this machine: ${error.message}` };
  // The sign-in happened but could not be recorded, so it was undone (fail closed).
  if (error instanceof AuditError) return { code: 'audit-unavailable', message: `Signed out again: the sign-in could not be recorded in the audit log (${error.message}).` };
  return undefined;
}
