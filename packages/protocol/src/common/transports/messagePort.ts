import { Emitter } from '../event.js';
import type { Transport } from './transport.js';

/** The part of a DOM, Node worker or Electron MessagePort that the transport uses. */
export interface MessagePortLike {
  postMessage(data: unknown): void;
  start?(): void;
  close(): void;
  addEventListener?(type: 'message', listener: (e: { data: unknown }) => void): void;
  on?(type: 'message' | 'close', listener: (e: unknown) => void): void;
}

/**
 * Wraps a MessagePort. A port has no reliable close event in browsers, so either side
 * may send the reserved text "\u0000close" before closing.
 */
export function createMessagePortTransport(port: MessagePortLike): Transport {
  const messages = new Emitter<string>();
  const closes = new Emitter<void>();
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    closes.fire();
  };
  const onData = (data: unknown) => {
    if (closed) return;
    if (data === CLOSE) return finish();
    messages.fire(typeof data === 'string' ? data : '\u0000non-text');
  };
  if (port.addEventListener) port.addEventListener('message', (e) => onData(e.data));
  else if (port.on) {
    // Electron's utilityProcess ports deliver {data}; node:worker_threads ports deliver the value.
    port.on('message', (e: unknown) => onData(e && typeof e === 'object' && 'data' in e ? (e as { data: unknown }).data : e));
    port.on('close', finish);
  }
  port.start?.();
  return {
    send(data) {
      if (closed) throw new Error('transport closed');
      port.postMessage(data);
    },
    onMessage: messages.event,
    onClose: closes.event,
    close() {
      if (closed) return;
      try {
        port.postMessage(CLOSE);
      } catch {
        /* the peer may already be gone */
      }
      finish();
      port.close();
    },
  };
}

const CLOSE = '\u0000close';
