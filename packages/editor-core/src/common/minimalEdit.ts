/** One replacement turning `before` into `after`: offsets are into `before`. */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The smallest single replacement (common prefix and suffix kept). A reload applied this
 * way leaves cursors and scroll position in unchanged regions where they were.
 */
export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair or a CRLF between the kept and replaced parts.
  while (prefix > 0 && splitsPair(before, prefix)) prefix--;
  while (suffix > 0 && splitsPair(before, before.length - suffix)) suffix--;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

function splitsPair(text: string, offset: number): boolean {
  const prev = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  return (prev === 13 && next === 10) || (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}
