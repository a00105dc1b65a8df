import { createMessagePortTransport, HOST_PORT_MESSAGE, type DesktopBridge, type Transport } from '@marie/protocol';

/** The part of a window the handshake uses (a plain EventTarget in tests). */
export interface PortWindow {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

/**
 * The port in a host-port message: data exactly HOST_PORT_MESSAGE, a port, and posted by
 * our own window (frames and other windows are denied anyway). Anything else: undefined.
 */
export function hostPortOf(e: Pick<MessageEvent, 'data' | 'ports' | 'source'>, self: unknown): MessagePort | undefined {
  if (e.data !== HOST_PORT_MESSAGE || (e.source !== null && e.source !== self)) return undefined;
  return e.ports[0];
}

/**
 * Asks the preload for a MessagePort to the host and resolves with the first one to
 * arrive. Main restarts a crashed host and posts a new port: every later port goes to
 * `onHostRestarted`, for as long as the page lives.
 */
export function connectDesktop(bridge: DesktopBridge, onHostRestarted: (transport: Transport) => void, timeoutMs = 15_000, target: PortWindow = window): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const onMessage = (e: MessageEvent) => {
      const port = hostPortOf(e, target);
      if (!port) return;
      const transport = createMessagePortTransport(port);
      if (connected) return onHostRestarted(transport);
      connected = true;
      clearTimeout(timer);
      resolve(transport);
    };
    const timer = setTimeout(() => {
      target.removeEventListener('message', onMessage);
      reject(new Error('The desktop host did not answer.'));
    }, timeoutMs);
    target.addEventListener('message', onMessage);
    bridge.requestHostPort();
  });
}
