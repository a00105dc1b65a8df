import type { ClassItem, Node } from './ast.js';

/**
 * Emits a pattern tree as a JavaScript RegExp (`v` flag) that behaves like ripgrep's
 * line-oriented Rust regex on a whole file's text:
 * - no construct matches a line feed, so a match never spans lines;
 * - `^`/`$` are line boundaries (only '\n' ends a line; '\r' is an ordinary character);
 * - `\w`, `\d`, `\s`, `\b` use Unicode's definitions, as Rust's do;
 * - invalid UTF-8 bytes are decoded to lone surrogates U+DC80–U+DCFF, which no class or `.`
 *   matches, just as Rust's Unicode classes never match an invalid byte.
 */
export interface EmittedRegex {
  readonly source: string;
  /** 'v' or 'iv' (without 'g'/'y'; callers add what they need). */
  readonly flags: string;
}

export const UNMATCHABLE = '\\n\\u{DC80}-\\u{DCFF}';
export const WORD_CLASS_UNICODE = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';
const WORD_CLASS_ASCII = '0-9A-Za-z_';

export function emitJs(node: Node): EmittedRegex {
  const folds = new Set<boolean>();
  collectFolds(node, folds);
  // JavaScript (Node 20) has no inline `(?i:...)`; when the whole pattern is folded the
  // `i` flag does it exactly, otherwise folded pieces are expanded by hand.
  const global = folds.size === 1 && folds.has(true);
  return { source: new Emitter(!global && folds.has(true)).node(node), flags: global ? 'iv' : 'v' };
}

function collectFolds(node: Node, out: Set<boolean>): void {
  switch (node.type) {
    case 'literal':
    case 'class':
      out.add(node.fold);
      return;
    case 'group':
    case 'repeat':
      collectFolds(node.node, out);
      return;
    case 'concat':
    case 'alt':
      for (const item of node.items) collectFolds(item, out);
      return;
    default:
      return;
  }
}

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

/** Code points JavaScript's case-insensitive matching treats as equal to `cp`. */
function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const candidates = new Set<number>([cp, 0x212a, 0x17f, 0x212b, 0x3c2, 0x3d1, 0x3d5, 0x3f0, 0x3f1, 0x3f5, 0x1e9b, 0x1fbe]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) if ([...v].length === 1) candidates.add(v.codePointAt(0)!);
  const re = new RegExp(`^${hex(cp)}$`, 'iv');
  return [...candidates].filter((c) => re.test(String.fromCodePoint(c)));
}

class Emitter {
  constructor(private readonly expandFolds: boolean) {}

  node(node: Node): string {
    switch (node.type) {
      case 'empty':
        return '';
      case 'literal':
        if (this.expandFolds && node.fold) {
          const variants = caseVariants(node.cp);
          if (variants.length > 1) return `[${variants.map(hex).join('')}]`;
        }
        return hex(node.cp);
      case 'class':
        return `[${this.classOperand(node.cls, this.expandFolds && node.fold)}--[${UNMATCHABLE}]]`;
      case 'dot':
        return `[^${UNMATCHABLE}]`;
      case 'assert':
        return this.assertion(node.kind, node.unicode);
      case 'group':
        return `(?:${this.node(node.node)})`;
      case 'concat':
        return node.items.map((n) => this.node(n)).join('');
      case 'alt':
        return `(?:${node.items.map((n) => this.node(n)).join('|')})`;
      case 'repeat': {
        const { min, max } = node;
        const q =
          min === 0 && max === Infinity ? '*' : min === 1 && max === Infinity ? '+' : min === 0 && max === 1 ? '?' : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
        return `(?:${this.node(node.node)})${q}${node.greedy ? '' : '?'}`;
      }
    }
  }

  private assertion(kind: string, unicode: boolean): string {
    // Quantifiers may not apply to a bare assertion in `v` mode, so each is wrapped.
    if (kind === 'lineStart') return '(?:(?<![^\\n]))';
    if (kind === 'lineEnd') return '(?:(?![^\\n]))';
    const w = `[${unicode ? WORD_CLASS_UNICODE : WORD_CLASS_ASCII}]`;
    if (kind === 'wordBoundary') return `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
    return `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
  }

  /** A class item as one `v`-mode class operand: always a bracketed nested class. */
  private classOperand(item: ClassItem, fold: boolean): string {
    switch (item.t) {
      case 'range':
        return `[${this.range(item.lo, item.hi, fold)}]`;
      case 'perl': {
        const body =
          item.name === 'd'
            ? item.unicode
              ? '\\p{Nd}'
              : '0-9'
            : item.name === 's'
              ? item.unicode
                ? '\\p{White_Space}'
                : '\\u{9}-\\u{d}\\u{20}'
              : item.unicode
                ? WORD_CLASS_UNICODE
                : WORD_CLASS_ASCII;
        return item.negated ? `[^${body}]` : `[${body}]`;
      }
      case 'prop':
        return `[${item.negated ? '\\P' : '\\p'}{${item.js}}]`;
      case 'set':
        return `[${item.negated ? '^' : ''}${item.items.map((i) => this.classOperand(i, fold)).join('')}]`;
      case 'op': {
        const l = this.classOperand(item.left, fold);
        const r = this.classOperand(item.right, fold);
        if (item.op === '~~') return `[[${l}--${r}][${r}--${l}]]`;
        return `[${l}${item.op}${r}]`;
      }
    }
  }

  private range(lo: number, hi: number, fold: boolean): string {
    if (fold && hi - lo <= 512) {
      const parts: string[] = [];
      for (let cp = lo; cp <= hi; cp++) for (const v of caseVariants(cp)) parts.push(hex(v));
      return parts.join('');
    }
    return lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
}
