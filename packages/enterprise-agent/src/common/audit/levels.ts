/**
 * Which audit level records an action. `security` events must be on disk before the
 * action proceeds and are refused (fail closed) when the outbox is full; `full` adds the
 * everyday actions, which may be dropped under disk pressure (leaving a gap marker).
 */
export type AuditLevel = 'off' | 'security' | 'full';
export type AuditEventLevel = 'security' | 'full';

/** Namespaces whose every action is security-relevant. */
const SECURITY_NAMESPACES = ['auth.', 'policy.', 'secrets.', 'audit.', 'device.', 'keys.'];
/** Individual actions outside those namespaces that are still security-relevant. */
const SECURITY_ACTIONS = new Set(['extension.install', 'extension.uninstall', 'settings.changed', 'workspace.trust']);

export function levelOf(action: string, outcome?: string): AuditEventLevel {
  // A refusal is always security-relevant, whatever was refused.
  if (outcome === 'denied') return 'security';
  if (SECURITY_ACTIONS.has(action) || SECURITY_NAMESPACES.some((ns) => action.startsWith(ns))) return 'security';
  return 'full';
}

/** Whether the configured level records an event of `level`. */
export function isRecorded(configured: AuditLevel, level: AuditEventLevel): boolean {
  if (configured === 'off') return false;
  return configured === 'full' || level === 'security';
}

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** Actions are namespaced identifiers, never free text (free text goes to target or details). */
export function isValidAction(action: string): boolean {
  return action.length <= 100 && ACTION.test(action);
}
