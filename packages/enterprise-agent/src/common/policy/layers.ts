import type { ManagedPolicySource, PolicyLevel, PolicyScope, PolicySourceStatus } from '@marie/protocol';

/** One raw value as a reader found it, before validation. */
export interface PolicyEntry {
  key: string;
  value: unknown;
  /** The file, registry value or bundle it came from; every error about it names this. */
  origin: string;
}

/**
 * What one reader produced for one source and level. Entries are in reading order:
 * within a (source, level) the last valid entry for a key wins and earlier ones are reported as conflicts.
 */
export interface PolicyLayer {
  source: ManagedPolicySource;
  level: PolicyLevel;
  scope: PolicyScope;
  location: string;
  state: PolicySourceStatus['state'];
  entries: PolicyEntry[];
  /** Problems not tied to a key: unreadable or refused files, malformed JSON, rejected bundles. */
  errors: string[];
  /** Problems tied to a key that the reader already knows of (an expired cloud value, say). */
  keyErrors: { key: string; message: string }[];
}

export function emptyLayer(source: ManagedPolicySource, level: PolicyLevel, scope: PolicyScope, location: string, state: PolicySourceStatus['state'] = 'absent'): PolicyLayer {
  return { source, level, scope, location, state, entries: [], errors: [], keyErrors: [] };
}
