import type { ClassItem, Node } from './ast.js';
import { ALL, NONE, and, or, trigramsOf, type TrigramQuery } from './trigramQuery.js';

/**
 * Reduces a pattern to the trigrams every match must contain — Russ Cox's analysis for
 * Google Code Search ("Regular Expression Matching with a Trigram Index"). Each node gets:
 * whether it can match the empty string, its exact set of matches when small, otherwise
 * sets of possible prefixes and suffixes, and a query already implied. Characters outside
 * the index's alphabet (non-ASCII, line feed) count as "any character", so the plan only
 * ever over-approximates: a file it rules out cannot contain a match.
 */
export function trigramPlan(node: Node): TrigramQuery {
  const info = analyze(node);
  simplify(info, true);
  addExact(info);
  return info.match;
}

interface Info {
  canEmpty: boolean;
  exact: string[] | null;
  prefix: string[];
  suffix: string[];
  match: TrigramQuery;
}

const MAX_EXACT = 7;
const MAX_SET = 20;
const MAX_CLASS = 10;

/** The index alphabet: ASCII without '\n', lowercased (the index folds ASCII case). */
export function indexChar(cp: number): string | undefined {
  if (cp >= 128 || cp === 10) return undefined;
  return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
}

const emptyString = (): Info => ({ canEmpty: true, exact: [''], prefix: [], suffix: [], match: ALL });
const anyChar = (): Info => ({ canEmpty: false, exact: null, prefix: [''], suffix: [''], match: ALL });
const anyMatch = (): Info => ({ canEmpty: true, exact: null, prefix: [''], suffix: [''], match: ALL });
const exactSet = (chars: string[]): Info => ({ canEmpty: false, exact: chars, prefix: [], suffix: [], match: ALL });

function analyze(node: Node): Info {
  let info: Info;
  switch (node.type) {
    case 'empty':
    case 'assert':
      return emptyString();
    case 'literal': {
      const c = indexChar(node.cp);
      return c === undefined ? anyChar() : exactSet([c]);
    }
    case 'dot':
      return anyChar();
    case 'class': {
      const chars = classChars(node.cls);
      return chars === undefined ? anyChar() : chars.length === 0 ? { ...anyChar(), match: NONE } : exactSet(chars);
    }
    case 'group':
      return analyze(node.node);
    case 'concat':
      info = emptyString();
      for (const item of node.items) info = concat(info, analyze(item));
      return info;
    case 'alt':
      info = analyze(node.items[0]!);
      for (const item of node.items.slice(1)) info = alternate(info, analyze(item));
      return info;
    case 'repeat':
      return repeat(node.node, node.min, node.max);
  }
}

function repeat(child: Node, min: number, max: number): Info {
  if (min === 0 && max === 1) return alternate(analyze(child), emptyString());
  if (min === 0) return anyMatch();
  const x = analyze(child);
  let info = x;
  const copies = Math.min(min, 3);
  for (let k = 1; k < copies; k++) info = concat(info, analyze(child));
  if (max > copies) {
    // At least `copies` repetitions start and end every match, but the whole is no longer exact.
    if (info.exact) {
      addExact(info);
      info = { ...info, prefix: info.exact!, suffix: [...info.exact!], exact: null };
    }
  }
  simplify(info, false);
  return info;
}

/** The folded index characters of a small class, or undefined when it may match anything outside the alphabet. */
function classChars(cls: ClassItem): string[] | undefined {
  const out = new Set<string>();
  const visit = (item: ClassItem): boolean => {
    if (item.t === 'range') {
      if (item.hi - item.lo > 64) return false;
      for (let cp = item.lo; cp <= item.hi; cp++) {
        const c = indexChar(cp);
        if (c === undefined) {
          if (cp === 10) continue; // never matched: the emitted class excludes line feeds
          return false;
        }
        out.add(c);
      }
      return true;
    }
    if (item.t === 'set' && !item.negated) return item.items.every(visit);
    return false;
  };
  if (!visit(cls) || out.size > MAX_CLASS) return undefined;
  return [...out].sort();
}

function cross(xs: readonly string[], ys: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of xs) for (const y of ys) out.push(x + y);
  return out;
}

function minLen(set: readonly string[] | null): number {
  if (!set || set.length === 0) return 0;
  let m = Infinity;
  for (const s of set) m = Math.min(m, s.length);
  return m;
}

/** Sorts and dedupes; for prefix (suffix) sets also drops strings made redundant by a shorter prefix (suffix). */
function clean(set: readonly string[], kind: 'exact' | 'prefix' | 'suffix'): string[] {
  const unique = [...new Set(set)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  if (kind === 'exact') return unique;
  const kept: string[] = [];
  for (const s of unique) {
    const covered = kept.some((k) => (kind === 'prefix' ? s.startsWith(k) : s.endsWith(k)));
    if (!covered) kept.push(s);
  }
  return kept;
}

/** q AND (OR over strings of AND of their trigrams); no constraint when a string is too short. */
function andTrigrams(q: TrigramQuery, set: readonly string[]): TrigramQuery {
  if (set.length === 0 || minLen(set) < 3) return q;
  let alternatives: TrigramQuery = NONE;
  for (const s of set) alternatives = or(alternatives, trigramsOf(s));
  return and(q, alternatives);
}

function addExact(info: Info): void {
  if (info.exact) info.match = andTrigrams(info.match, info.exact);
}

function concat(x: Info, y: Info): Info {
  const xy: Info = { canEmpty: x.canEmpty && y.canEmpty, exact: null, prefix: [], suffix: [], match: and(x.match, y.match) };
  if (x.exact && y.exact) {
    xy.exact = cross(x.exact, y.exact);
  } else {
    if (x.exact) xy.prefix = cross(x.exact, y.prefix);
    else xy.prefix = x.canEmpty ? [...x.prefix, ...y.prefix] : x.prefix;
    if (y.exact) xy.suffix = cross(x.suffix, y.exact);
    else xy.suffix = y.canEmpty ? [...y.suffix, ...x.suffix] : y.suffix;
  }
  // A trigram may straddle the boundary between x and y.
  if (!x.exact && !y.exact && x.suffix.length <= MAX_SET && y.prefix.length <= MAX_SET && minLen(x.suffix) + minLen(y.prefix) >= 3) {
    xy.match = andTrigrams(xy.match, cross(x.suffix, y.prefix));
  }
  simplify(xy, false);
  return xy;
}

function alternate(x: Info, y: Info): Info {
  const xy: Info = { canEmpty: x.canEmpty || y.canEmpty, exact: null, prefix: [], suffix: [], match: ALL };
  if (x.exact && y.exact) {
    xy.exact = [...x.exact, ...y.exact];
  } else if (x.exact) {
    xy.prefix = [...x.exact, ...y.prefix];
    xy.suffix = [...x.exact, ...y.suffix];
    addExact(x);
  } else if (y.exact) {
    xy.prefix = [...x.prefix, ...y.exact];
    xy.suffix = [...x.suffix, ...y.exact];
    addExact(y);
  } else {
    xy.prefix = [...x.prefix, ...y.prefix];
    xy.suffix = [...x.suffix, ...y.suffix];
  }
  xy.match = or(x.match, y.match);
  simplify(xy, false);
  return xy;
}

function simplify(info: Info, force: boolean): void {
  if (info.exact) {
    info.exact = clean(info.exact, 'exact');
    const n = minLen(info.exact);
    if (info.exact.length > MAX_EXACT || (n >= 3 && force) || n >= 4) {
      addExact(info);
      for (const s of info.exact) {
        if (s.length < 3) {
          info.prefix.push(s);
          info.suffix.push(s);
        } else {
          info.prefix.push(s.slice(0, 2));
          info.suffix.push(s.slice(-2));
        }
      }
      info.exact = null;
    }
  }
  if (!info.exact) {
    info.prefix = simplifySet(info, info.prefix, 'prefix');
    info.suffix = simplifySet(info, info.suffix, 'suffix');
  }
}

/** Records the set's trigrams in the query, then trims its strings to two characters (fewer if still too many). */
function simplifySet(info: Info, set: readonly string[], kind: 'prefix' | 'suffix'): string[] {
  let t = clean(set, kind);
  info.match = andTrigrams(info.match, t);
  for (let keep = 2; keep === 2 || t.length > MAX_SET; keep--) {
    t = clean(
      t.map((s) => (s.length <= keep ? s : kind === 'prefix' ? s.slice(0, keep) : s.slice(s.length - keep))),
      kind,
    );
    if (keep === 0) break;
  }
  return t;
}
