import { z } from 'zod';
import type { WireError } from '../errors.js';

/** Largest message either side accepts, in UTF-16 code units of the JSON text. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

const id = z.number().int().nonnegative();
const name = z.string().min(1).max(128);

// Key order matters: `id` comes right after `t` so an oversized message's id can be
// read from its first bytes without parsing it (see peekRequestId).
export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id, ch: name, m: name, a: z.unknown() }),
  z.object({ t: z.literal('cancel'), id }),
  z.object({ t: z.literal('sub'), id, ch: name, ev: name }),
  z.object({ t: z.literal('unsub'), id }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | { t: 'res'; id: number; ok: true; v: unknown }
  | { t: 'res'; id: number; ok: false; e: WireError }
  | { t: 'ev'; id: number; v: unknown }
  | { t: 'err'; e: WireError };

export function peekRequestId(data: string): number | undefined {
  const m = /^\{"t":"(?:req|sub)","id":(\d{1,15})[,}]/.exec(data.slice(0, 48));
  return m ? Number(m[1]) : undefined;
}
