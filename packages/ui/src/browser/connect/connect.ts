import type { Transport } from '@marie/protocol';
import type { CommandSource } from '../App.js';
import { desktopBridge, desktopCommandSource } from './desktopBridge.js';
import { connectDesktop } from './desktopTransport.js';
import { sessionStorageOrUndefined, takeSessionToken } from './sessionToken.js';
import { connectWebSocket, rpcUrl } from './webSocketTransport.js';

export interface Connection {
  transport: Transport;
  commandSource: CommandSource | undefined;
}

/**
 * The renderer's only branch: Electron's MessagePort if the preload is there, else a
 * WebSocket. Only the desktop host is restarted behind the page's back; its new
 * transport goes to `onHostRestarted`.
 */
export async function connectToHost(onHostRestarted: (transport: Transport) => void): Promise<Connection> {
  const bridge = desktopBridge();
  if (bridge) return { transport: await connectDesktop(bridge, onHostRestarted), commandSource: desktopCommandSource(bridge) };
  const token = takeSessionToken(window.location, sessionStorageOrUndefined(), window.history);
  return { transport: await connectWebSocket(rpcUrl(window.location, token)), commandSource: undefined };
}
