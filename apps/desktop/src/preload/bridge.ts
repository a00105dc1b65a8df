import { HOST_PORT_MESSAGE, IPC_REQUEST_HOST_PORT, type CommandId, type DesktopBridge } from '@marie/protocol';
import { isCommandId, MENU_COMMAND_CHANNEL } from '../common/menuCommands.js';

/** The bridge plus menu commands. (protocol's DesktopBridge does not list onCommand yet.) */
export interface DesktopBridgeWithCommands extends DesktopBridge {
  /** Calls `listener` with the id of each clicked menu command; returns an unsubscribe. */
  onCommand(listener: (id: CommandId) => void): () => void;
}

type IpcListener = (event: { ports?: readonly unknown[] }, ...args: unknown[]) => void;

/** The slice of ipcRenderer the preload touches. */
export interface PreloadIpc {
  send(channel: string): void;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The slice of the preload's window it touches. */
export interface PreloadWindow {
  readonly location: { readonly origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
}

/**
 * What the page gets. Only functions and a string: the page never holds ipcRenderer, an
 * IpcRendererEvent (whose `sender` is ipcRenderer) or any Node object, and it cannot
 * choose a channel or send arguments.
 */
export function createDesktopBridge(ipc: PreloadIpc, platform: string): DesktopBridgeWithCommands {
  return {
    platform,
    requestHostPort() {
      ipc.send(IPC_REQUEST_HOST_PORT);
    },
    onCommand(listener) {
      if (typeof listener !== 'function') throw new TypeError('onCommand needs a function');
      const forward: IpcListener = (_event, id) => {
        if (isCommandId(id)) listener(id);
      };
      ipc.on(MENU_COMMAND_CHANNEL, forward);
      return () => void ipc.removeListener(MENU_COMMAND_CHANNEL, forward);
    },
  };
}

/**
 * MessagePorts cannot cross contextBridge, so the port main sends is re-posted to the page
 * as a window message, addressed to our own origin only (a page that navigated elsewhere
 * would not receive it even if main had been fooled).
 */
export function forwardHostPorts(ipc: PreloadIpc, page: PreloadWindow): void {
  ipc.on(HOST_PORT_MESSAGE, (event) => {
    const ports = [...(event.ports ?? [])];
    if (ports.length === 1) page.postMessage(HOST_PORT_MESSAGE, page.location.origin, ports);
  });
}
