/**
 * Fuzzy matching for quick open and workspace symbols: the query's characters must appear
 * in order (case-insensitively); the score rewards characters at word starts (after a
 * separator or at a camelCase hump), runs of consecutive characters, a prefix match and an
 * exact case; gaps cost a little. A dynamic program picks the best alignment.
 */

export const NO_MATCH = -1_000_000;

const CONSECUTIVE = 5;
const WORD_START = 8;
const SEGMENT_START = 10; // right after '/'
const FIRST_CHAR = 6;
const CASE_MATCH = 1;
const GAP = 3;
const LEADING_GAP_MAX = 4;

/** How many bits charBit uses (0 … CHAR_BITS - 1). */
export const CHAR_BITS = 31;

/** Bit of a lowercase character for the quick "does it contain these characters" test. */
export function charBit(lowerCode: number): number {
  if (lowerCode >= 97 && lowerCode <= 122) return 1 << (lowerCode - 97);
  if (lowerCode >= 48 && lowerCode <= 57) return 1 << 26;
  if (lowerCode === 95) return 1 << 27; // _
  if (lowerCode === 46) return 1 << 28; // .
  if (lowerCode === 45 || lowerCode === 36) return 1 << 29; // - $
  if (lowerCode >= 128) return 1 << 30;
  return 0;
}

export function charMask(lower: string): number {
  let mask = 0;
  for (let i = 0; i < lower.length; i++) mask |= charBit(lower.charCodeAt(i));
  return mask;
}

function isSeparator(code: number): boolean {
  // space ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
  return code === 32 || (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isLowerOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** Bonus for a match at `j`: a word start (after a separator, or a camelCase hump) or a path segment start. */
export function positionBonus(word: string, j: number, start: number): number {
  if (j === start) return FIRST_CHAR;
  const prev = word.charCodeAt(j - 1);
  if (prev === 47) return SEGMENT_START;
  if (isSeparator(prev)) return WORD_START;
  const cur = word.charCodeAt(j);
  if (isUpper(cur) && isLowerOrDigit(prev)) return WORD_START;
  // The last capital of an acronym that starts a word: "HTMLParser" → P.
  if (isUpper(cur) && isUpper(prev) && j + 1 < word.length && isLowerOrDigit(word.charCodeAt(j + 1))) return WORD_START;
  return 0;
}

/** Is position `j` a word start (position 0, after a separator, a camelCase hump)? */
export function isWordStart(word: string, j: number): boolean {
  return j === 0 || positionBonus(word, j, 0) > 0;
}

/**
 * Each word start's lowercase character and the one after it (a space at the end), in
 * order, two characters per word start (position 0 included): `getHTMLParser` → `gehtpa`.
 */
export function wordStartPairs(word: string, lower: string): string {
  let out = '';
  for (let j = 0; j < word.length; j++) if (isWordStart(word, j)) out += lower[j]! + (lower[j + 1] ?? ' ');
  return out;
}

/** Bit mask of the characters that start a word, from wordStartPairs. */
export function pairsStartMask(pairs: string): number {
  let mask = 0;
  for (let k = 0; k < pairs.length; k += 2) mask |= charBit(pairs.charCodeAt(k));
  return mask;
}

/** The most a character can add when matched at a word start (a segment start gives more). */
const BEST_START = Math.max(WORD_START, SEGMENT_START);

/**
 * An upper bound of `fuzzyScore(…, { firstAtWordStart: true })` over the whole word, from
 * tests cheaper than the dynamic program (`pairs`: wordStartPairs). The first query
 * character scores at most a word start's bonus. A later one gets a word start's bonus only
 * if its character starts a word after the first character's earliest word start, and the
 * consecutive bonus only if the word holds it right after the previous query character —
 * for the second character, right after a word start of the first. Symbol search skips the
 * many names whose bound cannot beat its current top results.
 */
export function fuzzyUpperBound(queryLower: string, wordLower: string, pairs: string): number {
  const q0 = queryLower.charCodeAt(0);
  const q1 = queryLower.length > 1 ? queryLower.charCodeAt(1) : -1;
  let first = -1;
  let secondFollows = false;
  for (let k = 0; k < pairs.length; k += 2) {
    if (pairs.charCodeAt(k) !== q0) continue;
    if (first < 0) first = k;
    if (pairs.charCodeAt(k + 1) === q1) secondFollows = true;
  }
  if (first < 0) return NO_MATCH;
  // At position 0 the bonus is FIRST_CHAR; anywhere else a start bonus less the leading gap.
  let bound = 1 + Math.max(FIRST_CHAR, BEST_START - 1) + CASE_MATCH;
  for (let i = 1; i < queryLower.length; i++) {
    const c = queryLower.charCodeAt(i);
    let atStart = false;
    for (let k = first + 2; k < pairs.length && !atStart; k += 2) atStart = pairs.charCodeAt(k) === c;
    const consecutive = i === 1 ? secondFollows : wordLower.includes(queryLower.slice(i - 1, i + 1));
    bound += 1 + (atStart ? BEST_START : 0) + CASE_MATCH + (consecutive ? CONSECUTIVE : -GAP);
  }
  return bound;
}

export interface FuzzyOptions {
  /** The first query character must match at a word start (symbols: `gtd` finds `goToDefinition`, not `budget`). */
  firstAtWordStart?: boolean;
  /** Fill with the matched positions of the best alignment. */
  positions?: number[];
}

// Scratch rows reused across calls: scoring runs hundreds of thousands of times per query.
let rowA = new Int32Array(256);
let rowB = new Int32Array(256);
let bonus = new Int32Array(256);
let trace: Int32Array[] = [];

/**
 * Scores `query` against `word[start, end)`. `queryLower`/`wordLower` are the lowercase
 * forms (same length as the originals). Returns NO_MATCH when the query is not a
 * subsequence (or the first character is not at a word start when that is required).
 */
export function fuzzyScore(
  query: string,
  queryLower: string,
  word: string,
  wordLower: string,
  start = 0,
  end = word.length,
  options: FuzzyOptions = {},
): number {
  const m = queryLower.length;
  const n = end - start;
  if (m === 0) return 0;
  if (m > n) return NO_MATCH;
  if (n > rowA.length) {
    rowA = new Int32Array(n * 2);
    rowB = new Int32Array(n * 2);
    bonus = new Int32Array(n * 2);
  }
  // Quick subsequence check before the quadratic work.
  let k = 0;
  for (let j = start; j < end && k < m; j++) if (wordLower.charCodeAt(j) === queryLower.charCodeAt(k)) k++;
  if (k < m) return NO_MATCH;

  // Bonuses only where a query character could match (they are read nowhere else): a
  // one-letter query over a long name then costs a few calls instead of one per position.
  const queryMask = charMask(queryLower);
  for (let j = 0; j < n; j++) {
    const bit = charBit(wordLower.charCodeAt(start + j));
    bonus[j] = bit === 0 || (queryMask & bit) !== 0 ? positionBonus(word, start + j, start) : 0;
  }
  const wantTrace = options.positions !== undefined;
  if (wantTrace) {
    trace = [];
    for (let i = 0; i < m; i++) trace.push(new Int32Array(n).fill(-1));
  }
  let prev = rowA;
  let cur = rowB;
  for (let i = 0; i < m; i++) {
    const qc = queryLower.charCodeAt(i);
    const qOrig = query.charCodeAt(i);
    let runMax = NO_MATCH; // best prev[k] over k <= j - 2
    let runArg = -1;
    for (let j = 0; j < n; j++) {
      if (i > 0 && j >= 2 && prev[j - 2]! > runMax) {
        runMax = prev[j - 2]!;
        runArg = j - 2;
      }
      if (j < i || wordLower.charCodeAt(start + j) !== qc) {
        cur[j] = NO_MATCH;
        continue;
      }
      const b = bonus[j]! + (word.charCodeAt(start + j) === qOrig ? CASE_MATCH : 0);
      let score: number;
      let from = -1;
      if (i === 0) {
        if (options.firstAtWordStart && bonus[j] === 0) {
          cur[j] = NO_MATCH;
          continue;
        }
        score = 1 + b - Math.min(j, LEADING_GAP_MAX);
      } else {
        const viaRun = j >= 1 && prev[j - 1]! > NO_MATCH ? prev[j - 1]! + 1 + b + CONSECUTIVE : NO_MATCH;
        const viaGap = runMax > NO_MATCH ? runMax + 1 + b - GAP : NO_MATCH;
        if (viaRun >= viaGap) {
          score = viaRun;
          from = j - 1;
        } else {
          score = viaGap;
          from = runArg;
        }
        if (score <= NO_MATCH) {
          cur[j] = NO_MATCH;
          continue;
        }
      }
      cur[j] = score;
      if (wantTrace) trace[i]![j] = from;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  let best = NO_MATCH;
  let bestJ = -1;
  for (let j = 0; j < n; j++) {
    if (prev[j]! > best) {
      best = prev[j]!;
      bestJ = j;
    }
  }
  if (best > NO_MATCH && options.positions) {
    const out: number[] = [];
    for (let i = m - 1, j = bestJ; i >= 0 && j >= 0; j = trace[i]![j]!, i--) out.push(start + j);
    options.positions.push(...out.reverse());
  }
  return best;
}

/**
 * The score of matching `query` contiguously at the start of `word` (the caller knows
 * `word` starts with it, case-insensitively): one alignment the dynamic program would
 * consider, computed in O(query length). Used to rank the many prefix matches of a short
 * query without running the full program on each.
 */
export function prefixScore(query: string, word: string, start = 0): number {
  let score = 0;
  for (let i = 0; i < query.length; i++) {
    const b = positionBonus(word, start + i, start) + (word.charCodeAt(start + i) === query.charCodeAt(i) ? CASE_MATCH : 0);
    score += 1 + b + (i > 0 ? CONSECUTIVE : 0);
  }
  return score;
}

/**
 * A linear-time lower bound of `fuzzyScore` over `word[start, end)`: the better of two
 * alignments the dynamic program would also consider — each query character at its first
 * possible position, or at its last (which lands the tail of the query in a file name) —
 * scored the same way. NO_MATCH when the query is not a subsequence. Used to preselect a
 * few candidates among many for exact scoring.
 */
export function greedyScore(query: string, queryLower: string, word: string, wordLower: string, start = 0, end = word.length): number {
  const m = queryLower.length;
  let forward = 0;
  let prev = -1;
  let j = start;
  for (let i = 0; i < m; i++) {
    const qc = queryLower.charCodeAt(i);
    while (j < end && wordLower.charCodeAt(j) !== qc) j++;
    if (j >= end) return NO_MATCH;
    forward += 1 + positionBonus(word, j, start) + (word.charCodeAt(j) === query.charCodeAt(i) ? CASE_MATCH : 0);
    forward += i === 0 ? -Math.min(j - start, LEADING_GAP_MAX) : prev === j - 1 ? CONSECUTIVE : -GAP;
    prev = j++;
  }
  let backward = 0;
  let next = -1;
  j = end - 1;
  for (let i = m - 1; i >= 0; i--) {
    const qc = queryLower.charCodeAt(i);
    while (j >= start && wordLower.charCodeAt(j) !== qc) j--;
    backward += 1 + positionBonus(word, j, start) + (word.charCodeAt(j) === query.charCodeAt(i) ? CASE_MATCH : 0);
    if (next >= 0) backward += next === j + 1 ? CONSECUTIVE : -GAP;
    next = j--;
  }
  backward -= Math.min(next - start, LEADING_GAP_MAX);
  return Math.max(forward, backward);
}
