/**
 * Makes event details safe to store, show and forward: secrets are masked, control
 * characters and ANSI escapes are written out as `\uXXXX` text (so a log viewer or a
 * terminal running `marie audit` cannot be steered by an event), and depth and size are
 * bounded so one event cannot exhaust the outbox.
 */
export const MASK = '[masked]';

const SECRET_KEY = /(pass(word|phrase)?|secret|token|authorization|cookie|api[-_]?key|private[-_]?key|credential|session[-_]?id|^key$)/i;
// Values that are secrets whatever their key: bearer credentials, JWTs, PEM private keys, URL passwords.
const SECRET_VALUE = [/^\s*(bearer|basic)\s+\S+/i, /^eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*$/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi;
// C0, DEL and C1 controls; ESC starts ANSI sequences, so encoding it defuses them all.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const MAX_STRING = 4096;
const MAX_DEPTH = 6;
const MAX_KEYS = 100;

export function encodeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cleanString(text: string): string {
  if (SECRET_VALUE.some((re) => re.test(text))) return MASK;
  const bounded = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…[${text.length - MAX_STRING} more]` : text;
  return encodeControls(bounded.replace(URL_PASSWORD, `$1${MASK}@`));
}

function clean(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return cleanString(value);
  if (typeof value === 'bigint') return value.toString();
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((v) => clean(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_KEYS)) {
      if (v === undefined) continue;
      out[encodeControls(k)] = SECRET_KEY.test(k) && v !== null && v !== '' ? MASK : clean(v, depth + 1);
    }
    return out;
  }
  // Functions, symbols: not data.
  return String(typeof value);
}

export function sanitizeDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return (clean(details ?? {}, 0) as Record<string, unknown>) ?? {};
}

/** For single-line fields (action, target, actor): the same rules as a detail string. */
export function sanitizeText(text: string): string {
  return cleanString(text);
}
