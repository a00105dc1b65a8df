import { shell, type Session, type WebContents } from 'electron';
import { externalUrlFor, isNavigationAllowed, isPermissionGranted, isWebviewAttachAllowed } from './navigationGuard.js';

/** Attaches the navigation guard to a webContents (main calls it for every one created). */
export function guardWebContents(contents: WebContents): void {
  const denyForeign = (event: { url: string; preventDefault(): void }) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-frame-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  contents.on('will-attach-webview', (event) => {
    if (!isWebviewAttachAllowed()) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlFor(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check for a session. */
export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
}
