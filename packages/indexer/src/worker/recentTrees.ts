/**
 * The trees of the last few files opened in or saved from the editor, so the next save of
 * the same file re-parses incrementally: tree-sitter reuses every subtree outside the edited range,
 * which turns a 100 KB file's parse from ~10 ms into ~1 ms. The edit is derived from the
 * two texts (common prefix and suffix), so callers need not send one. Bulk parses never
 * come here: keeping their trees would hold native memory for nothing. A tree is the
 * binding's (garbage-collected) or the addon's (NativeTree, freed when dropped).
 */
import type Parser from 'tree-sitter';

/** Files one person has open and edits in turn: a handful (memory is bounded below). */
const CAPACITY = 8;
/**
 * At most this much source (UTF-16 units) behind the kept trees: a tree takes ~33 times its
 * source in native memory (20 TypeScript files of 1.5 MB in all: +50 MiB), so four files
 * near the 1 MB parse limit would have kept ~260 MiB in each worker.
 */
const MAX_UNITS = 512 * 1024;

export interface EditableTree {
  edit(edit: TextEdit): void;
  /** Frees the tree's memory now, when it is not left to the garbage collector. */
  dispose?(): void;
}

interface Kept<T> {
  language: string;
  source: string;
  tree: T;
}

export class RecentTrees<T extends EditableTree> {
  private readonly kept = new Map<string, Kept<T>>();
  /** Trees dropped by `keep`, freed once the save's answer is out (a 100 KB file's: ~1.5 ms). */
  private dropped: T[] = [];

  /** Whether `take` would give a tree for `path` in `language`. */
  has(path: string, language: string): boolean {
    return this.kept.get(path)?.language === language;
  }

  /**
   * The previous tree of `path`, edited to line up with `source`, or undefined. The entry
   * is taken out: the tree is handed to the parser, and `keep` puts the new one back.
   */
  take(path: string, language: string, source: string): T | undefined {
    const old = this.kept.get(path);
    this.kept.delete(path);
    if (!old) return undefined;
    if (old.language !== language) {
      old.tree.dispose?.();
      return undefined;
    }
    old.tree.edit(editBetween(old.source, source));
    return old.tree;
  }

  keep(path: string, language: string, source: string, tree: T): void {
    const replaced = this.kept.get(path);
    if (replaced && replaced.tree !== tree) this.drop(replaced.tree);
    this.kept.delete(path);
    this.kept.set(path, { language, source, tree });
    let units = 0;
    for (const entry of this.kept.values()) units += entry.source.length;
    for (const [oldest, entry] of this.kept) {
      if (this.kept.size <= CAPACITY && units <= MAX_UNITS) break;
      units -= entry.source.length;
      this.drop(entry.tree);
      this.kept.delete(oldest);
    }
  }

  private drop(tree: T): void {
    if (this.dropped.push(tree) > 1) return;
    setImmediate(() => {
      const trees = this.dropped;
      this.dropped = [];
      for (const t of trees) t.dispose?.();
    });
  }

  /** How many trees are kept (tests). */
  get size(): number {
    return this.kept.size;
  }
}

export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Parser.Point;
  oldEndPosition: Parser.Point;
  newEndPosition: Parser.Point;
}

/** The one edit turning `before` into `after`: what lies between their common prefix and suffix (UTF-16 units, as the binding counts). */
export function editBetween(before: string, after: string): TextEdit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair: back up onto its first half.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  const startPosition = pointAt(before, start);
  return {
    startIndex: start,
    oldEndIndex: before.length - suffix,
    newEndIndex: after.length - suffix,
    startPosition,
    oldEndPosition: pointAt(before, before.length - suffix, start, startPosition),
    newEndPosition: pointAt(after, after.length - suffix, start, startPosition),
  };
}

/** Row and UTF-16 column of `index`, counting on from a known point when given. */
function pointAt(text: string, index: number, from = 0, at: Parser.Point = { row: 0, column: 0 }): Parser.Point {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = from; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: index - lineStart };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
