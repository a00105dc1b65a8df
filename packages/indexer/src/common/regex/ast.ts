/**
 * The syntax tree of a find-in-files pattern. Patterns use ripgrep's (Rust `regex`)
 * syntax so that results can be compared with ripgrep and users get the dialect they
 * know; the tree is then emitted as a JavaScript RegExp and analysed for the trigrams
 * any match must contain.
 */

/** A character class, kept structured so it can be emitted (JS `v` mode) and analysed. */
export type ClassItem =
  | { readonly t: 'range'; readonly lo: number; readonly hi: number }
  /** \d \s \w and their negations; `unicode` false under `(?-u)`. */
  | { readonly t: 'perl'; readonly name: 'd' | 's' | 'w'; readonly negated: boolean; readonly unicode: boolean }
  /** \p{...}: `js` is the JavaScript property expression, e.g. `L` or `Script_Extensions=Greek`. */
  | { readonly t: 'prop'; readonly js: string; readonly negated: boolean }
  | { readonly t: 'set'; readonly items: readonly ClassItem[]; readonly negated: boolean }
  | { readonly t: 'op'; readonly op: '&&' | '--' | '~~'; readonly left: ClassItem; readonly right: ClassItem };

export type AssertKind = 'lineStart' | 'lineEnd' | 'wordBoundary' | 'notWordBoundary';

export type Node =
  | { readonly type: 'empty' }
  | { readonly type: 'literal'; readonly cp: number; readonly fold: boolean }
  | { readonly type: 'class'; readonly cls: ClassItem; readonly fold: boolean }
  /** `.`: any character but a line terminator (find in files is line oriented, as ripgrep is). */
  | { readonly type: 'dot' }
  | { readonly type: 'assert'; readonly kind: AssertKind; readonly unicode: boolean }
  | { readonly type: 'group'; readonly node: Node }
  | { readonly type: 'concat'; readonly items: readonly Node[] }
  | { readonly type: 'alt'; readonly items: readonly Node[] }
  | { readonly type: 'repeat'; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean };

export class PatternError extends Error {}

/** A literal string as a tree (for fixed-string searches). */
export function literalNode(text: string, fold: boolean): Node {
  const items: Node[] = [];
  for (const ch of text) items.push({ type: 'literal', cp: ch.codePointAt(0)!, fold });
  return items.length === 1 ? items[0]! : { type: 'concat', items };
}
