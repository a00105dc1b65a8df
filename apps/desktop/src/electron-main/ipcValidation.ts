import { isAppUrl } from './appOrigin.js';

/** What main knows about an `IPC_REQUEST_HOST_PORT` message, taken from the IpcMainEvent. */
export interface PortRequest {
  /** event.senderFrame?.url; undefined when the frame is already gone. */
  frameUrl: string | undefined;
  /** The sending frame is the top frame of its page (senderFrame.parent === null). */
  isMainFrame: boolean;
  /** event.sender belongs to a BrowserWindow this process created. */
  fromOurWindow: boolean;
  /** The message's arguments; the request has none. */
  args: readonly unknown[];
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * A port to the host is full access to the workspace, so it is handed out only to the
 * top frame of one of our windows while it shows our own content. Anything else is
 * refused: a subframe, a page that navigated away, another webContents (devtools, a
 * stray window), or a message with arguments, which no caller of ours would send.
 */
export function validatePortRequest(request: PortRequest): Verdict {
  if (!request.fromOurWindow) return { ok: false, reason: 'sender is not a window of this app' };
  if (!request.isMainFrame) return { ok: false, reason: 'sender is not a main frame' };
  if (!isAppUrl(request.frameUrl)) return { ok: false, reason: 'sender frame is not on the app origin' };
  if (request.args.length > 0) return { ok: false, reason: 'the request takes no arguments' };
  return { ok: true };
}
