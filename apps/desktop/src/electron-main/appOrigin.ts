/**
 * The workbench is served from `marie-app://workbench/…`. The scheme is registered as
 * standard + secure, so Chromium gives the page a real origin ("marie-app://workbench")
 * that CSP 'self', fetch and workers understand, unlike file://.
 */
export const APP_SCHEME = 'marie-app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for URLs on our own origin. Compared field by field because Node's URL gives
 * non-special schemes the opaque origin "null", so `url.origin` cannot be used.
 */
export function isAppUrl(value: string | undefined | null): boolean {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
