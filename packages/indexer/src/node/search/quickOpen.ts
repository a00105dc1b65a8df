import { maxNonPrefixBasenameScore, NAME_TIER, NO_MATCH, prepareQuery, roughBasenameScore, roughSpanningScore, scoreBasename, scorePrefixBasename, scoreSpanning, type PreparedQuery } from '../../common/matchScore.js';
import { charBit } from '../../common/fuzzy.js';
import type { FileHit } from '../../common/searchTypes.js';
import { TopK } from '../../common/topK.js';
import type { FileTable } from '../store/catalogTables.js';
import type { FileRefs } from './fileRefs.js';

/** Recently opened files, most recent first, with a score bonus that fades with rank. */
export class RecentFiles {
  private order: string[] = [];
  private rank = new Map<string, number>();

  constructor(private readonly capacity = 200) {}

  /** `key` is `${root}\0${rel}`. */
  touch(key: string): void {
    this.order = [key, ...this.order.filter((k) => k !== key)].slice(0, this.capacity);
    this.rank = new Map(this.order.map((k, i) => [k, i]));
  }

  load(keys: readonly string[]): void {
    this.order = keys.slice(0, this.capacity);
    this.rank = new Map(this.order.map((k, i) => [k, i]));
  }

  keys(): readonly string[] {
    return this.order;
  }

  get size(): number {
    return this.order.length;
  }

  /** Bonus in score units: enough to reorder close matches within a tier. */
  bonus(key: string): number {
    const r = this.rank.get(key);
    return r === undefined ? 0 : 120 * (1 - r / this.capacity);
  }
}


/**
 * Fuzzy file search over the in-memory file table, in tiers: the query inside the file
 * name first (exact, prefix and contiguous names best); matches spread over folders only
 * when no file name matches — or when the query names folders itself ('/' or a space),
 * in which case its last word must match in the file name. A candidate lacking a
 * query character is skipped by a bit-mask test before any scoring.
 */
export function quickOpen(files: FileTable, refs: FileRefs, recent: RecentFiles, raw: string, limit: number): FileHit[] {
  const q = prepareQuery(raw);
  if (q.lower.length === 0) return recentOnly(refs, recent, limit);
  const namesFolders = /[/\\\s]/u.test(raw.trim());
  const top = new TopK<number>(limit);
  const { rels, lowers, baseStarts, masks, baseMasks, roots } = files;
  const bonus = (slot: number): number => (recent.size === 0 ? 0 : recent.bonus(`${roots[slot]}\0${rels[slot]}`));
  if (!namesFolders) {
    // File names that start with the query are scored in closed form; the others only
    // while they could still beat the current top results.
    const fuzzy: number[] = [];
    for (let slot = 0; slot < rels.length; slot++) {
      if ((baseMasks[slot]! & q.mask) !== q.mask) continue;
      if (lowers[slot]!.startsWith(q.lower, baseStarts[slot]!)) top.push(NAME_TIER + scorePrefixBasename(q, rels[slot]!, lowers[slot]!, baseStarts[slot]!) + bonus(slot), slot);
      else fuzzy.push(slot);
    }
    const ceiling = NAME_TIER + maxNonPrefixBasenameScore(q) + (recent.size === 0 ? 0 : 120);
    if (ceiling > top.threshold) {
      const finalists = new TopK<number>(limit * 4);
      for (const slot of fuzzy) {
        const rough = roughBasenameScore(q, rels[slot]!, lowers[slot]!, baseStarts[slot]!);
        if (rough > NO_MATCH) finalists.push(rough + bonus(slot), slot);
      }
      for (const { item: slot } of finalists.sorted()) {
        const score = scoreBasename(q, rels[slot]!, lowers[slot]!, baseStarts[slot]!);
        if (score > NO_MATCH) top.push(NAME_TIER + score + bonus(slot), slot);
      }
    }
    // Any file-name match answers the query: letters scattered over folders would rank
    // below it anyway, and finding those means scanning every path.
    if (top.size > 0) return hits(files, refs, q, top);
  }
  // Matches across folders: a linear score preselects a few times the limit, and only
  // those get the exact (quadratic) score.
  const last = prepareQuery(raw.trim().split(/[/\\\s]+/u).pop() ?? '');
  // The query's last character lands in the file name (its end names the file).
  const lastChar = charBit(q.lower.charCodeAt(q.lower.length - 1));
  const finalists = new TopK<number>(limit * 4);
  for (let slot = 0; slot < rels.length; slot++) {
    if ((masks[slot]! & q.mask) !== q.mask || (baseMasks[slot]! & lastChar) !== lastChar) continue;
    const rel = rels[slot]!;
    const lower = lowers[slot]!;
    if (!namesFolders && (baseMasks[slot]! & q.mask) === q.mask && isSubsequence(q.lower, lower, baseStarts[slot]!)) continue; // a file-name match
    if (namesFolders && !isSubsequence(last.lower, lower, baseStarts[slot]!)) continue;
    const rough = roughSpanningScore(q, rel, lower);
    if (rough > NO_MATCH) finalists.push(rough + bonus(slot), slot);
  }
  for (const { item: slot } of finalists.sorted()) {
    const score = scoreSpanning(q, rels[slot]!, lowers[slot]!);
    if (score > NO_MATCH) top.push(score + bonus(slot), slot);
  }
  return hits(files, refs, q, top);
}

function isSubsequence(query: string, lower: string, from: number): boolean {
  let k = 0;
  for (let j = from; j < lower.length && k < query.length; j++) if (lower.charCodeAt(j) === query.charCodeAt(k)) k++;
  return k === query.length;
}

function hits(files: FileTable, refs: FileRefs, q: PreparedQuery, top: TopK<number>): FileHit[] {
  return top.sorted().map(({ score, item: slot }) => {
    const positions: number[] = [];
    const rel = files.rels[slot]!;
    if (score >= NAME_TIER / 2) scoreBasename(q, rel, files.lowers[slot]!, files.baseStarts[slot]!, positions);
    else scoreSpanning(q, rel, files.lowers[slot]!, positions);
    return { ...refs.ref(files.roots[slot]!, rel), score: Math.round(score), positions };
  });
}

function recentOnly(refs: FileRefs, recent: RecentFiles, limit: number): FileHit[] {
  return recent
    .keys()
    .slice(0, limit)
    .map((key) => {
      const [root, rel] = key.split('\0') as [string, string];
      return { ...refs.ref(Number(root), rel), score: 0, positions: [] };
    });
}
