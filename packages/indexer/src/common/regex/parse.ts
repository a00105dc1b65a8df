import { PatternError, type AssertKind, type ClassItem, type Node } from './ast.js';
import { resolveProperty } from './unicodeProperty.js';

interface Flags {
  i: boolean;
  U: boolean;
  u: boolean;
  x: boolean;
}

const POSIX: Record<string, ReadonlyArray<readonly [number, number]>> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

/**
 * Parses a pattern in Rust `regex` syntax (ripgrep's default engine). Look-around and
 * backreferences are rejected, as ripgrep rejects them; a literal line feed is rejected
 * because matches never span lines.
 */
export function parsePattern(pattern: string, caseInsensitive: boolean): Node {
  return new Parser(pattern, { i: caseInsensitive, U: false, u: true, x: false }).parseAll();
}

class Parser {
  private pos = 0;
  private readonly chars: string[];

  constructor(
    pattern: string,
    private flags: Flags,
  ) {
    this.chars = Array.from(pattern);
  }

  parseAll(): Node {
    const node = this.parseAlternation();
    if (this.pos < this.chars.length) throw this.error('unopened group');
    return node;
  }

  private error(message: string): PatternError {
    return new PatternError(`regex parse error at ${this.pos}: ${message}`);
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private eat(s: string): boolean {
    const parts = Array.from(s);
    for (let k = 0; k < parts.length; k++) if (this.chars[this.pos + k] !== parts[k]) return false;
    this.pos += parts.length;
    return true;
  }

  private skipVerbose(): void {
    if (!this.flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c !== undefined && /\s/u.test(c)) this.pos++;
      else if (c === '#') {
        while (this.peek() !== undefined && this.peek() !== '\n') this.pos++;
      } else return;
    }
  }

  private parseAlternation(): Node {
    const items: Node[] = [this.parseConcat()];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.parseConcat());
    }
    return items.length === 1 ? items[0]! : { type: 'alt', items };
  }

  private parseConcat(): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipVerbose();
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.parseAtom();
      if (atom === undefined) continue; // a flag group: changes flags, matches nothing
      items.push(this.parseRepetitions(atom));
    }
    // `(?i)` lasts to the end of the enclosing group, later alternatives included, so only
    // the group parser restores flags.
    if (items.length === 0) return { type: 'empty' };
    return items.length === 1 ? items[0]! : { type: 'concat', items };
  }

  private parseRepetitions(atom: Node): Node {
    let node = atom;
    for (;;) {
      this.skipVerbose();
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const range = this.tryCounted();
        if (!range) throw this.error('invalid repetition');
        [min, max] = range;
      } else return node;
      if (c !== '{') this.pos++;
      let greedy = true;
      if (this.peek() === '?') {
        this.pos++;
        greedy = false;
      }
      if (this.flags.U) greedy = !greedy;
      if (node.type === 'empty') throw this.error('repetition operator missing expression');
      node = { type: 'repeat', node, min, max, greedy };
    }
  }

  private tryCounted(): [number, number] | undefined {
    const rest = this.chars.slice(this.pos).join('');
    const m = /^\{\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?\}/u.exec(rest);
    if (!m) return undefined;
    this.pos += Array.from(m[0]).length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) throw this.error('invalid repetition range');
    if (min > 1000 || (max !== Infinity && max > 1000)) throw this.error('repetition count too large');
    return [min, max];
  }

  /** Returns undefined for a bare flag group like `(?i)`. */
  private parseAtom(): Node | undefined {
    const c = this.peek()!;
    switch (c) {
      case '(':
        return this.parseGroup();
      case '[':
        return { type: 'class', cls: this.parseClass(), fold: this.flags.i };
      case '.':
        this.pos++;
        return { type: 'dot' };
      case '^':
        this.pos++;
        return this.assert('lineStart');
      case '$':
        this.pos++;
        return this.assert('lineEnd');
      case '*':
      case '+':
      case '?':
        throw this.error('repetition operator missing expression');
      case '{':
        if (this.tryCounted()) throw this.error('repetition operator missing expression');
        throw this.error('invalid repetition');
      case '\\':
        return this.parseEscape();
      default:
        this.pos++;
        return this.literal(c.codePointAt(0)!);
    }
  }

  private assert(kind: AssertKind): Node {
    return { type: 'assert', kind, unicode: this.flags.u };
  }

  private literal(cp: number): Node {
    if (cp === 10) throw new PatternError("the literal '\\n' is not allowed in a regex");
    return { type: 'literal', cp, fold: this.flags.i };
  }

  private parseGroup(): Node | undefined {
    this.pos++; // (
    const outer = { ...this.flags };
    if (this.eat('?')) {
      if (this.eat('P<') || (this.peek() === '<' && this.peek(1) !== '=' && this.peek(1) !== '!' && this.eat('<'))) {
        const start = this.pos;
        while (this.peek() !== undefined && this.peek() !== '>') this.pos++;
        if (!this.eat('>') || this.pos - 1 === start) throw this.error('invalid capture group name');
      } else if (this.peek() === '=' || this.peek() === '!' || (this.peek() === '<' && (this.peek(1) === '=' || this.peek(1) === '!'))) {
        throw this.error('look-around, including look-ahead and look-behind, is not supported');
      } else {
        const scoped = this.parseFlags();
        if (!scoped) return undefined; // `(?flags)` applies to the rest of the enclosing group
      }
    }
    const inner = this.parseAlternation();
    if (!this.eat(')')) throw this.error('unclosed group');
    this.flags = outer;
    return { type: 'group', node: inner };
  }

  /** Parses `flags)` or `flags:`; returns true when a scoped group body follows. */
  private parseFlags(): boolean {
    let on = true;
    let any = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.error('unclosed flags');
      this.pos++;
      if (c === ':') return true;
      if (c === ')') {
        if (!any && !on) throw this.error('empty flag negation');
        return false;
      }
      if (c === '-') {
        if (!on) throw this.error('repeated flag negation');
        on = false;
        continue;
      }
      any = true;
      if (c === 'i') this.flags.i = on;
      else if (c === 'U') this.flags.U = on;
      else if (c === 'u') this.flags.u = on;
      else if (c === 'x') this.flags.x = on;
      else if (c === 'm' || c === 's' || c === 'R') continue; // lines are matched one at a time
      else throw this.error(`unrecognized flag '${c}'`);
    }
  }

  private parseEscape(): Node {
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw this.error('incomplete escape sequence');
    switch (c) {
      case 'd':
      case 's':
      case 'w':
      case 'D':
      case 'S':
      case 'W':
        this.pos++;
        return { type: 'class', cls: this.perl(c), fold: this.flags.i };
      case 'p':
      case 'P':
        return { type: 'class', cls: this.parseProperty(), fold: this.flags.i };
      case 'b':
        this.pos++;
        return this.assert('wordBoundary');
      case 'B':
        this.pos++;
        return this.assert('notWordBoundary');
      case 'A':
        this.pos++;
        return this.assert('lineStart');
      case 'z':
        this.pos++;
        return this.assert('lineEnd');
      default:
        return this.literal(this.parseCharEscape());
    }
  }

  private perl(c: string): ClassItem {
    const lower = c.toLowerCase() as 'd' | 's' | 'w';
    return { t: 'perl', name: lower, negated: c !== lower, unicode: this.flags.u };
  }

  /** The code point of an escape that denotes one character (after the backslash). */
  private parseCharEscape(): number {
    const c = this.peek()!;
    this.pos++;
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
    if (c === 'x') return this.parseHex(2);
    if (c === 'u') return this.parseHex(4);
    if (c === 'U') return this.parseHex(8);
    if (/[0-9]/u.test(c)) throw this.error('backreferences are not supported');
    if (/[A-Za-z]/u.test(c)) throw this.error(`unrecognized escape sequence '\\${c}'`);
    return c.codePointAt(0)!;
  }

  private parseHex(fixed: number): number {
    let digits = '';
    if (this.eat('{')) {
      while (this.peek() !== undefined && this.peek() !== '}') digits += this.chars[this.pos++];
      if (!this.eat('}')) throw this.error('unclosed hex escape');
    } else {
      for (let k = 0; k < fixed; k++) digits += this.chars[this.pos++] ?? '';
    }
    if (!/^[0-9a-fA-F]{1,8}$/u.test(digits)) throw this.error('invalid hexadecimal escape');
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw this.error('invalid Unicode scalar value');
    return cp;
  }

  private parseProperty(): ClassItem {
    const negated = this.chars[this.pos] === 'P';
    this.pos++;
    let name: string;
    if (this.eat('{')) {
      name = '';
      while (this.peek() !== undefined && this.peek() !== '}') name += this.chars[this.pos++];
      if (!this.eat('}')) throw this.error('unclosed Unicode class');
    } else {
      name = this.peek() ?? '';
      this.pos++;
    }
    let neg = negated;
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    const js = resolveProperty(name);
    if (js === undefined) throw this.error(`unrecognized Unicode class '${name}'`);
    return { t: 'prop', js, negated: neg };
  }

  // --- character classes -------------------------------------------------------------

  private parseClass(): ClassItem {
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      this.pos++;
      negated = true;
    }
    let expr = this.parseClassUnion(true);
    for (;;) {
      this.skipClassSpace();
      const op = this.eat('&&') ? '&&' : this.eat('--') ? '--' : this.eat('~~') ? '~~' : undefined;
      if (!op) break;
      const right = this.parseClassUnion(false);
      expr = { t: 'op', op, left: expr, right };
    }
    if (!this.eat(']')) throw this.error('unclosed character class');
    return negated ? { t: 'set', items: [expr], negated: true } : expr;
  }

  private skipClassSpace(): void {
    if (!this.flags.x) return;
    while (this.peek() !== undefined && /\s/u.test(this.peek()!)) this.pos++;
  }

  private atClassOperator(): boolean {
    const a = this.peek();
    return (a === '&' || a === '-' || a === '~') && this.peek(1) === a;
  }

  private parseClassUnion(first: boolean): ClassItem {
    const items: ClassItem[] = [];
    let leading = first;
    for (;;) {
      this.skipClassSpace();
      const c = this.peek();
      if (c === undefined) throw this.error('unclosed character class');
      if (c === ']' && !leading) break;
      if (this.atClassOperator() && !leading) break;
      leading = false;
      if (c === '[') {
        const posix = this.tryPosix();
        items.push(posix ?? this.parseClass());
        continue;
      }
      if (c === '\\') {
        const next = this.peek(1);
        if (next !== undefined && 'dswDSW'.includes(next)) {
          this.pos += 2;
          items.push(this.perl(next));
          continue;
        }
        if (next === 'p' || next === 'P') {
          this.pos++;
          items.push(this.parseProperty());
          continue;
        }
      }
      const lo = this.parseClassChar();
      this.skipClassSpace();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '-' && this.peek(1) !== undefined) {
        this.pos++;
        this.skipClassSpace();
        const hi = this.parseClassChar();
        if (hi < lo) throw this.error('invalid character class range');
        items.push({ t: 'range', lo, hi });
      } else {
        items.push({ t: 'range', lo, hi: lo });
      }
    }
    return items.length === 1 ? items[0]! : { t: 'set', items, negated: false };
  }

  private parseClassChar(): number {
    const c = this.peek()!;
    if (c === '\\') {
      this.pos++;
      const next = this.peek();
      if (next === undefined) throw this.error('incomplete escape sequence');
      if (next === 'b') {
        this.pos++;
        return 8;
      }
      return this.parseCharEscape();
    }
    this.pos++;
    return c.codePointAt(0)!;
  }

  private tryPosix(): ClassItem | undefined {
    const rest = this.chars.slice(this.pos, this.pos + 16).join('');
    const m = /^\[:(\^?)([a-z]+):\]/u.exec(rest);
    if (!m) return undefined;
    const ranges = POSIX[m[2]!];
    if (!ranges) throw this.error(`invalid POSIX class '${m[2]}'`);
    this.pos += m[0].length;
    const items: ClassItem[] = ranges.map(([lo, hi]) => ({ t: 'range', lo, hi }));
    return { t: 'set', items, negated: m[1] === '^' };
  }
}
