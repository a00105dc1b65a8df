import { isAppUrl } from './appOrigin.js';

/**
 * Decisions for every way a page could leave the app or gain power. They are pure so the
 * policy is tested; `hardening.ts` only attaches them to Electron's events.
 */

/** will-navigate / will-frame-navigate / will-redirect: only within our own origin. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * window.open and target=_blank never create a window. A plain web link is handed to the
 * user's browser instead; any other scheme (file:, javascript:, custom handlers that
 * could start programs) is dropped. Returns the URL to open externally, or null.
 */
export function externalUrlFor(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** <webview> could load anything with its own preferences; the tag is off and attaching is refused. */
export function isWebviewAttachAllowed(): boolean {
  return false;
}

/**
 * Camera, microphone, notifications, geolocation, clipboard reads…: the workbench needs
 * none of them, so every request and check is denied.
 */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}
