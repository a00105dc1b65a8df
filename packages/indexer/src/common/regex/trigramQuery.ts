/**
 * A boolean query over trigrams: which trigrams a file must contain for a pattern to
 * possibly match in it. `all` means "no constraint" (scan every file), `none` "no file".
 * Trigrams are 3-character strings in the index's alphabet (ASCII, lowercased).
 */
export type TrigramQuery =
  | { readonly op: 'all' }
  | { readonly op: 'none' }
  | { readonly op: 'and' | 'or'; readonly trigrams: readonly string[]; readonly subs: readonly TrigramQuery[] };

export const ALL: TrigramQuery = { op: 'all' };
export const NONE: TrigramQuery = { op: 'none' };

export function and(a: TrigramQuery, b: TrigramQuery): TrigramQuery {
  return combine(a, b, 'and');
}

export function or(a: TrigramQuery, b: TrigramQuery): TrigramQuery {
  return combine(a, b, 'or');
}

function combine(a: TrigramQuery, b: TrigramQuery, op: 'and' | 'or'): TrigramQuery {
  if (op === 'and') {
    if (a.op === 'none' || b.op === 'none') return NONE;
    if (a.op === 'all') return b;
    if (b.op === 'all') return a;
  } else {
    if (a.op === 'all' || b.op === 'all') return ALL;
    if (a.op === 'none') return b;
    if (b.op === 'none') return a;
  }
  const trigrams = new Set<string>();
  const subs: TrigramQuery[] = [];
  for (const q of [a, b]) {
    const atom = q.trigrams.length === 1 && q.subs.length === 0;
    if (q.op === op || atom) {
      for (const t of q.trigrams) trigrams.add(t);
      subs.push(...q.subs);
    } else subs.push(q);
  }
  return { op, trigrams: [...trigrams].sort(), subs };
}

/** The AND of a string's trigrams. */
export function trigramsOf(s: string): TrigramQuery {
  if (s.length < 3) return ALL;
  const set = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) set.add(s.slice(i, i + 3));
  return { op: 'and', trigrams: [...set].sort(), subs: [] };
}

export function describe(q: TrigramQuery): string {
  if (q.op === 'all') return '+';
  if (q.op === 'none') return '-';
  const parts = [...q.trigrams.map((t) => JSON.stringify(t)), ...q.subs.map((s) => `(${describe(s)})`)];
  return parts.join(q.op === 'and' ? ' ' : ' | ');
}
