/**
 * Which characters of `text` a fuzzy query matched, for highlighting only (the index ranks):
 * a contiguous case-insensitive run if there is one, else the first in-order subsequence.
 */
export function fuzzyHighlight(query: string, text: string): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const t = text.toLowerCase();
  const run = t.indexOf(q);
  if (run >= 0) return Array.from({ length: q.length }, (_, i) => run + i);
  const out: number[] = [];
  let from = 0;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return [];
    out.push(at);
    from = at + 1;
  }
  return out;
}
