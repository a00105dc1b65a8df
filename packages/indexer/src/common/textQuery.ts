import { PatternError, literalNode } from './regex/ast.js';
import { mayBacktrackBadly } from './regex/backtrackRisk.js';
import { emitJs, UNMATCHABLE, WORD_CLASS_UNICODE } from './regex/emitJs.js';
import { parsePattern } from './regex/parse.js';
import { trigramPlan } from './regex/trigramPlan.js';
import type { TrigramQuery } from './regex/trigramQuery.js';

export { PatternError };

export interface TextQuery {
  pattern: string;
  /** Rust/ripgrep regex syntax when true; a literal string otherwise. */
  isRegExp?: boolean;
  caseSensitive?: boolean;
  wholeWord?: boolean;
}

export interface CompiledTextQuery {
  /** Global sticky-free regex over a whole file's text; see `matchRanges`. */
  readonly regex: RegExp;
  /** Whole word: group 1 is the leading non-word character consumed before the match. */
  readonly word: boolean;
  /** Trigrams a file must contain to possibly match. */
  readonly plan: TrigramQuery;
  /** The regex may backtrack for a very long time on some line: verify it under a time limit. */
  readonly risky: boolean;
}

/** Compiles a query; throws PatternError for a pattern ripgrep would also reject. */
export function compileTextQuery(query: TextQuery): CompiledTextQuery {
  const fold = !query.caseSensitive;
  const tree = query.isRegExp ? parsePattern(query.pattern, fold) : literalNode(query.pattern, fold);
  if (!query.isRegExp && query.pattern.includes('\n')) throw new PatternError("the literal '\\n' is not allowed in a regex");
  const emitted = emitJs(tree);
  let source = emitted.source;
  const word = query.wholeWord === true;
  if (word) {
    // ripgrep 13's -w: `(?:^|\W)(pattern)(?:$|\W)`, reporting the group. The leading
    // non-word character is consumed (it decides where the next search may start); the
    // trailing one is only looked at.
    const nonWord = `[^${WORD_CLASS_UNICODE}${UNMATCHABLE}]`;
    source = `(?:(?<![^\\n])|(${nonWord}))(?:${source})(?=${nonWord}|(?![^\\n]))`;
  }
  return { regex: new RegExp(source, `${emitted.flags}g`), word, plan: trigramPlan(tree), risky: query.isRegExp === true && mayBacktrackBadly(tree) };
}

/**
 * Calls `onMatch(start, end)` (UTF-16 offsets) for every match in `text`, in order, with
 * ripgrep's iteration rules: the next search starts where the last match ended; an empty
 * match right after a match is skipped and the search moves one character on; an empty
 * match at the very end of the text is never reported (there is no line there).
 * Return false from `onMatch` to stop.
 */
export function matchRanges(query: CompiledTextQuery, text: string, onMatch: (start: number, end: number) => boolean | void): void {
  const re = query.regex;
  let at = 0;
  let lastEnd = -1;
  while (at <= text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return;
    // V8 may try a start between the halves of a surrogate pair; Rust never splits a character.
    if (isHighSurrogateAt(text, m.index - 1)) {
      at = m.index + 1;
      continue;
    }
    const lead = query.word && m[1] !== undefined ? m[1].length : 0;
    const start = m.index + lead;
    const end = m.index + m[0].length;
    if (start === end) {
      at = end + (end < text.length && isHighSurrogateAt(text, end) ? 2 : 1);
      if (end === lastEnd || end === text.length) continue;
    } else {
      at = end;
    }
    lastEnd = end;
    if (onMatch(start, end) === false) return;
  }
}

/** Is there a high surrogate at `i` followed by a low one (a pair starting at `i`)? */
function isHighSurrogateAt(text: string, i: number): boolean {
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
}
