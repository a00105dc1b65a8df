import type { KeyStroke } from '../../common/index.js';

/**
 * A DOM key event as a stroke. Letters and digits come from `code`, so Alt on macOS
 * (which turns "s" into "ß") and non-Latin layouts still match "mod+alt+s".
 */
export function toKeyStroke(e: KeyboardEvent): KeyStroke | undefined {
  if (['Control', 'Shift', 'Alt', 'Meta', 'AltGraph'].includes(e.key)) return undefined;
  const key = /^Key[A-Z]$/.test(e.code) ? e.code.slice(3).toLowerCase() : /^Digit[0-9]$/.test(e.code) ? e.code.slice(5) : e.key.toLowerCase();
  return { key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, shift: e.shiftKey };
}

export function isMacPlatform(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? navigator.platform ?? '');
}
