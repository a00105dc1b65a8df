import { charMask, fuzzyScore, fuzzyUpperBound, greedyScore, NO_MATCH, prefixScore } from './fuzzy.js';

export { NO_MATCH };

/** A query prepared once and scored against many candidates. */
export interface PreparedQuery {
  readonly text: string;
  readonly lower: string;
  readonly mask: number;
}

export function prepareQuery(raw: string): PreparedQuery {
  // Spaces separate words in what users type ("ws index"); paths and names rarely contain them.
  const text = raw.replace(/\s+/gu, '');
  const lower = text.toLowerCase();
  // toLowerCase can change the length (e.g. 'İ'); scoring needs the same positions.
  const safeLower = lower.length === text.length ? lower : text;
  return { text, lower: safeLower, mask: charMask(safeLower) };
}

/** Lowercase for scoring, keeping positions aligned with the original. */
export function lowerAligned(s: string): string {
  const lower = s.toLowerCase();
  return lower.length === s.length ? lower : s;
}

const BASENAME = 30;
const BASENAME_EXACT = 40;
const BASENAME_PREFIX = 15;
const PATH_SUBSTRING = 10;

/**
 * Quick-open score when the whole query lies inside the file name (the common, preferred
 * case): an exact or prefix name ranks higher still. NO_MATCH otherwise.
 */
export function scoreBasename(q: PreparedQuery, path: string, lower: string, baseStart: number, positions?: number[]): number {
  let score = fuzzyScore(q.text, q.lower, path, lower, baseStart, path.length, positions ? { positions } : NO_OPTIONS);
  if (score <= NO_MATCH) return NO_MATCH;
  score += BASENAME;
  const dot = lower.indexOf('.', baseStart + 1);
  const stem = dot < 0 ? lower.slice(baseStart) : lower.slice(baseStart, dot);
  if (stem === q.lower || lower.length - baseStart === q.lower.length) score += BASENAME_EXACT;
  else if (lower.startsWith(q.lower, baseStart)) score += BASENAME_PREFIX;
  return score * 8 - Math.min(path.length, 200) / 8;
}

/** `scoreBasename` for a file name known to start with the query (no dynamic program needed). */
export function scorePrefixBasename(q: PreparedQuery, path: string, lower: string, baseStart: number): number {
  let score = prefixScore(q.text, path, baseStart) + BASENAME;
  const dot = lower.indexOf('.', baseStart + 1);
  const stemLength = (dot < 0 ? lower.length : dot) - baseStart;
  score += stemLength === q.lower.length || lower.length - baseStart === q.lower.length ? BASENAME_EXACT : BASENAME_PREFIX;
  return score * 8 - Math.min(path.length, 200) / 8;
}

/** The most `scoreBasename` can give a file name that does not start with the query. */
export function maxNonPrefixBasenameScore(q: PreparedQuery): number {
  return (10 + 15 * Math.max(0, q.lower.length - 1) + BASENAME) * 8;
}

/** Quick-open score of a match spread over folders and file name; contiguous text scores more. */
export function scoreSpanning(q: PreparedQuery, path: string, lower: string, positions?: number[]): number {
  let score = fuzzyScore(q.text, q.lower, path, lower, 0, path.length, positions ? { positions } : NO_OPTIONS);
  if (score <= NO_MATCH) return NO_MATCH;
  if (lower.includes(q.lower)) score += PATH_SUBSTRING;
  return score * 8 - Math.min(path.length, 200) / 8;
}

/** File-name matches outrank every match that needs folders (as VS Code's quick open tiers them). */
export const NAME_TIER = 1_000_000;

/** A cheap lower bound of `scoreSpanning`, to preselect candidates for exact scoring. */
export function roughSpanningScore(q: PreparedQuery, path: string, lower: string): number {
  const score = greedyScore(q.text, q.lower, path, lower);
  return score <= NO_MATCH ? NO_MATCH : score * 8 - Math.min(path.length, 200) / 8;
}

/** A cheap lower bound of `scoreBasename` (without its exact/prefix bonuses). */
export function roughBasenameScore(q: PreparedQuery, path: string, lower: string, baseStart: number): number {
  const score = greedyScore(q.text, q.lower, path, lower, baseStart);
  return score <= NO_MATCH ? NO_MATCH : (score + BASENAME) * 8 - Math.min(path.length, 200) / 8;
}

/**
 * Quick-open score of a workspace-relative path: the whole query inside the file name
 * ranks above any match spread over folders; within a tier, shorter paths win ties.
 */
export function scorePath(q: PreparedQuery, path: string, lower: string, baseStart: number, positions?: number[]): number {
  if (q.lower.length === 0) return 0;
  const inName = scoreBasename(q, path, lower, baseStart, positions);
  return inName > NO_MATCH ? NAME_TIER + inName : scoreSpanning(q, path, lower, positions);
}

const WORD_START_FIRST = { firstAtWordStart: true } as const;
const NO_OPTIONS = {} as const;

const SYMBOL_EXACT = 60;
const SYMBOL_EXACT_CASE = 10;
const SYMBOL_PREFIX = 25;

/**
 * Workspace-symbol score: the first query character must start a word of the name
 * (`gtd` → `goToDefinition`); exact and prefix matches rank first; shorter names win ties.
 */
export function scoreSymbol(q: PreparedQuery, name: string, lower: string, positions?: number[]): number {
  if (q.lower.length === 0) return 0;
  let score = fuzzyScore(q.text, q.lower, name, lower, 0, name.length, positions ? { positions, firstAtWordStart: true } : WORD_START_FIRST);
  if (score <= NO_MATCH) return NO_MATCH;
  if (lower === q.lower) score += SYMBOL_EXACT + (name === q.text ? SYMBOL_EXACT_CASE : 0);
  else if (lower.startsWith(q.lower)) score += SYMBOL_PREFIX;
  return score * 8 - Math.min(name.length - q.lower.length, 64) / 4;
}

/** `scoreSymbol` for a name known to start with the query (no dynamic program needed). */
export function scorePrefixSymbol(q: PreparedQuery, name: string, lower: string): number {
  let score = prefixScore(q.text, name) + (lower === q.lower ? SYMBOL_EXACT + (name === q.text ? SYMBOL_EXACT_CASE : 0) : SYMBOL_PREFIX);
  score = score * 8 - Math.min(name.length - q.lower.length, 64) / 4;
  return score;
}

/**
 * The most a name that does not start with the query can score: its first matched
 * character gets at most a word-start bonus, every other one at most a consecutive
 * camel hump. Lets the symbol search skip fuzzy-only names once enough prefixes are found.
 */
export function maxNonPrefixSymbolScore(q: PreparedQuery): number {
  return (10 + 15 * Math.max(0, q.lower.length - 1)) * 8;
}

/**
 * An upper bound of `scoreSymbol` for one name that does not start with the query, with
 * `pairs` its wordStartPairs: no prefix or exact bonus, and fuzzyUpperBound for the rest.
 */
export function maxFuzzySymbolScore(q: PreparedQuery, lower: string, pairs: string): number {
  const bound = fuzzyUpperBound(q.lower, lower, pairs);
  return bound <= NO_MATCH ? NO_MATCH : bound * 8 - Math.min(lower.length - q.lower.length, 64) / 4;
}
