import { createMessagePortTransport, HOST_PORT_MESSAGE, type DesktopBridge, type Transport } from '@marie/protocol';

/**
 * Asks the preload for a MessagePort to the host and waits for it to arrive as a window
 * message carrying exactly HOST_PORT_MESSAGE and one port.
 */
export function connectDesktop(bridge: DesktopBridge, timeoutMs = 15_000): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
    };
    const onMessage = (e: MessageEvent) => {
      // Only our own window posts the port (frames and other windows are denied anyway).
      if (e.data !== HOST_PORT_MESSAGE || !e.ports[0] || (e.source !== null && e.source !== window)) return;
      done();
      resolve(createMessagePortTransport(e.ports[0]));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('The desktop host did not answer.'));
    }, timeoutMs);
    window.addEventListener('message', onMessage);
    bridge.requestHostPort();
  });
}
