import { charBit } from '../../common/fuzzy.js';
import { maxFuzzySymbolScore, maxNonPrefixSymbolScore, NO_MATCH, scorePrefixSymbol, scoreSymbol, type PreparedQuery } from '../../common/matchScore.js';
import { TopK } from '../../common/topK.js';
import type { NameTable } from '../store/catalogTables.js';

/**
 * The best `k` defined names for a workspace-symbol query (slots of the name table), with
 * a kind mask (0: any). Names starting with the query are scored first and cheaply; the
 * rest need the fuzzy dynamic program, so they are visited by an upper bound of their score
 * (best first) and only those whose bound beats the current top are scored: a two-letter
 * query such as `ee` had 11k fuzzy candidates of which ~120 could rank.
 */
export function rankSymbolNames(table: NameTable, q: PreparedQuery, mask: number, k: number): TopK<number> {
  const { names, lowers, masks, kinds, starts, defined, definedByStart } = table;
  const first = charBit(q.lower.charCodeAt(0));
  // The first query character must match at a word start: only names with such a word
  // (`first` is one bit; 31 - clz32 is its index).
  const scan = first === 0 ? defined : definedByStart[31 - Math.clz32(first)]!;
  const top = new TopK<number>(k);
  const fuzzy: number[] = [];
  for (let i = 0; i < scan.length; i++) {
    const slot = scan[i]!;
    const kind = kinds[slot]!;
    if (kind === 0 || (mask !== 0 && (kind & mask) === 0)) continue;
    if ((masks[slot]! & q.mask) !== q.mask) continue;
    if (!lowers[slot]!.startsWith(q.lower)) fuzzy.push(slot);
    else top.push(scorePrefixSymbol(q, names[slot]!, lowers[slot]!), slot);
  }
  // Once prefixes fill the list, names matching only fuzzily cannot rank at all.
  if (fuzzy.length === 0 || maxNonPrefixSymbolScore(q) <= top.threshold) return top;
  // Bounds are whole numbers times 8 less a length penalty under 16.25: bucket by the whole part.
  const buckets = new Map<number, { slots: number[]; bounds: number[] }>();
  for (const slot of fuzzy) {
    const bound = maxFuzzySymbolScore(q, lowers[slot]!, starts[slot]!);
    if (bound <= NO_MATCH) continue;
    const key = Math.ceil(bound / 8);
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { slots: [], bounds: [] }));
    bucket.slots.push(slot);
    bucket.bounds.push(bound);
  }
  for (const key of [...buckets.keys()].sort((a, b) => b - a)) {
    if (key * 8 <= top.threshold) break;
    const { slots, bounds } = buckets.get(key)!;
    for (let i = 0; i < slots.length; i++) {
      if (bounds[i]! <= top.threshold) continue;
      const slot = slots[i]!;
      const score = scoreSymbol(q, names[slot]!, lowers[slot]!);
      if (score > NO_MATCH) top.push(score, slot);
    }
  }
  return top;
}
