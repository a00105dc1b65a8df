import type { Disposable, Transport } from '@marie/protocol';

// The client writes `{"t":"req","id":N,"ch":"…"` first (see peekRequestId): the channel is read
// from the first bytes, so a large save is not parsed twice to learn it is user activity.
const REQUEST_CHANNEL = /^\{"t":"req","id":\d{1,15},"ch":"([^"\\]{1,128})"/;

/** The channel a request message addresses, or undefined for anything that is not a request. */
export function requestChannel(data: string): string | undefined {
  return REQUEST_CHANNEL.exec(data.slice(0, 200))?.[1];
}

/**
 * Counts the peer's requests as user activity for the session's idle timeout. Requests to the
 * `auth` channel do not count: a lock screen asking for its status is not someone working.
 */
export function observeActivity(transport: Transport, onActivity: () => void): Disposable {
  return transport.onMessage((data) => {
    const channel = typeof data === 'string' ? requestChannel(data) : undefined;
    if (channel !== undefined && channel !== 'auth') onActivity();
  });
}
