/**
 * The desktop renderer's only door to the host. The preload exposes
 * `window[DESKTOP_BRIDGE_KEY].requestHostPort()`; main answers by posting a MessagePort to
 * the page with `window.postMessage(HOST_PORT_MESSAGE, origin, [port])`.
 */
export const DESKTOP_BRIDGE_KEY = 'marieDesktop';
export const HOST_PORT_MESSAGE = 'marie:host-port';
/** ipcRenderer → main: "give me a port to the host". Carries no arguments. */
export const IPC_REQUEST_HOST_PORT = 'marie:request-host-port';

export interface DesktopBridge {
  /** Asks main for a fresh MessagePort to the host; it arrives as a window message. */
  requestHostPort(): void;
  readonly platform: string;
}
