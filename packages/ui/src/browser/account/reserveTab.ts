import { desktopBridge } from '../connect/desktopBridge.js';

export interface SignInTab {
  navigate(url: string): void;
  close(): void;
}

/**
 * Where the sign-in page opens. In the browser: a tab opened inside the click (popup blockers
 * allow a window only while the click's user activation lasts, and the URL arrives after a
 * round trip to the host), its opener link cut before the broker's page loads in it; null when
 * blocked, and the form offers the link instead. In the desktop app: Electron main hands
 * window.open to the system browser (shell.openExternal), so the URL goes there when it is known.
 */
export function reserveTab(): SignInTab | null {
  if (desktopBridge()) return { navigate: (url) => void window.open(url, '_blank', 'noopener'), close: () => undefined };
  const tab = window.open('about:blank', '_blank');
  if (!tab) return null;
  tab.opener = null;
  return {
    navigate: (url) => tab.location.replace(url),
    close: () => tab.close(),
  };
}
