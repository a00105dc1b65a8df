import type { PolicyExplanation } from '@marie/protocol';

/** What the Policies page says about one key, in the spirit of chrome://policy's status column. */
export type PolicyRowStatus = 'ok' | 'error' | 'conflict' | 'overridden' | 'unset';

export const policyStatusLabels: Record<PolicyRowStatus, string> = {
  ok: 'OK',
  error: 'Error',
  conflict: 'Conflict',
  overridden: 'Overridden',
  unset: 'Unset',
};

// The engine words a clash between two files of one source "conflict: …" (resolve.ts);
// every other message is a real error (bad value, refused file, unknown key).
const isConflict = (message: string) => message.startsWith('conflict:');

/**
 * Worst first: an error hides a conflict, a conflict hides that other sources were
 * overridden. "Unset" only when nothing at all was said about the key.
 */
export function policyRowStatus(p: PolicyExplanation): PolicyRowStatus {
  if (p.errors.some((e) => !isConflict(e))) return 'error';
  if (p.errors.length > 0) return 'conflict';
  if (p.overridden.length > 0) return 'overridden';
  return p.source === 'default' ? 'unset' : 'ok';
}

/** A value as the table shows it: strings bare, everything else as compact JSON. */
export function formatPolicyValue(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The rows the table shows. Unset keys are hidden unless asked for (as chrome://policy
 * does); the filter matches the key name or the shown value, ignoring case.
 */
export function visiblePolicies(all: readonly PolicyExplanation[], filter: string, showUnset: boolean): PolicyExplanation[] {
  const needle = filter.trim().toLowerCase();
  return all.filter((p) => {
    if (!showUnset && policyRowStatus(p) === 'unset') return false;
    if (!needle) return true;
    return p.key.toLowerCase().includes(needle) || formatPolicyValue(p.value).toLowerCase().includes(needle);
  });
}
