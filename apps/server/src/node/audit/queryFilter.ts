import { z } from 'zod';

/** The filters shared by search and export. Times are ISO 8601 or epoch milliseconds. */
export const queryFilterSchema = z
  .object({
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    user: z.string().max(320).optional(),
    action: z.string().max(100).optional(),
    device: z.string().max(128).optional(),
    outcome: z.enum(['allowed', 'denied', 'success', 'failure']).optional(),
    q: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(400).optional(),
    format: z.enum(['jsonl', 'csv']).optional(),
  })
  .strict();

export type QueryFilter = z.infer<typeof queryFilterSchema>;

export function timeOf(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new FilterError(`${name} is not a time (ISO 8601 or epoch ms)`);
  return ms;
}

export class FilterError extends Error {}

/** Keyset cursor: the (time, device, seq) of the last row of the previous page. Opaque to clients. */
export interface Cursor {
  t: number;
  d: string;
  s: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.t, c.d, c.s])).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined;
  try {
    const [t, d, s] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (typeof t === 'number' && typeof d === 'string' && typeof s === 'number') return { t, d, s };
  } catch {
    // falls through
  }
  throw new FilterError('cursor is not one this server issued');
}

/** LIKE pattern for a free-text term, with the wildcards in it taken literally. */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
