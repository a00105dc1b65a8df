import type { SettingState } from '@marie/protocol';

/** "machine policy AIEnabled (mandatory)": who decided, in the words the CLI uses too. */
export function managedSourceText(setting: SettingState): string {
  const by = setting.managedBy;
  return by ? `Set by ${by.source} policy ${setting.policy} (${by.level})` : '';
}

function LockIcon() {
  return (
    <svg className="lock-icon" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor" />
    </svg>
  );
}

/**
 * Shown on a setting a mandatory policy locks. The source is in the tooltip for the mouse
 * and in the (visually hidden) text the control's aria-describedby points at.
 */
export function ManagedBadge({ id, setting }: { id: string; setting: SettingState }) {
  const source = managedSourceText(setting);
  return (
    <span id={id} className="managed-badge" title={source} data-testid="managed-badge">
      <LockIcon />
      Managed by your organization
      <span className="visually-hidden">. {source}.</span>
    </span>
  );
}
