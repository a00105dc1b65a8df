/**
 * A tags query compiled for the native walk matcher (native/walk.c): the same patterns as
 * tree-sitter's query, matched during one plain tree-cursor walk instead of the query
 * cursor, whose per-node state machine costs about three times the walk itself (see
 * docs/decisions.md, "walk matcher"). Only the part of the query language that tags.scm
 * files use is compiled: node patterns by type or wildcard, anonymous literals, fields,
 * nested children, alternations (of types, or of whole patterns), captures, a grouping around one
 * pattern and text predicates (checked in JS, as for the query cursor). Anything else
 * (quantifiers, anchors, negated fields, supertypes, sibling sequences) makes
 * `compileWalkProgram` return undefined, and that language keeps the query cursor.
 *
 * Program layout (Int32Array): [patternCount, root step offset per pattern…, steps…];
 * a step: [kind, field name index or -1, symbolCount, symbol name indexes…, captureCount,
 * capture ids…, childCount, child step offsets…]; an `alternation` step's children are its
 * alternatives. Names are resolved to the grammar's symbol and field ids in C.
 */

export const StepKind = { named: 0, anonymous: 1, anyNamed: 2, any: 3, alternation: 4 } as const;

export interface WalkProgram {
  program: Int32Array;
  /** Node type and field names the program refers to by index. */
  names: string[];
  /** Capture names by id, ids given in order of first appearance (as tree-sitter does). */
  captureNames: string[];
  /** Per pattern, its text predicates as `[operator, ...args]`, a capture argument by id (tree-sitter's `predicates` form). */
  predicates: Array<Array<Array<string | number>>>;
}

interface Step {
  kind: number;
  field: string | undefined;
  symbols: string[];
  captures: string[];
  children: Step[];
}

class Unsupported extends Error {}

/**
 * The program for `source` (a tags.scm), or undefined when it uses what the walker does not
 * do. A query tree-sitter would reject is not always caught here (a field on a node that
 * never has it just never matches): nativeTags.test.ts runs every tags.scm through both.
 */
export function compileWalkProgram(source: string): WalkProgram | undefined {
  const reader = new PatternReader(source);
  let patterns: Step[];
  try {
    patterns = reader.patterns();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  const captureIds = new Map<string, number>();
  const captureId = (name: string): number => {
    let id = captureIds.get(name);
    if (id === undefined) captureIds.set(name, (id = captureIds.size));
    return id;
  };
  // Ids in order of appearance in the text: a pattern's outer captures (after its children) come later.
  for (const name of reader.captureOrder) captureId(name);
  const predicates = reader.predicates.map((list) =>
    list.map(([operator, ...args]) => [
      operator as string,
      ...args.map((a) => {
        if (typeof a === 'string') return a;
        const id = captureIds.get(a.capture);
        if (id === undefined) throw new Error(`tags query: predicate on unknown capture @${a.capture}`);
        return id;
      }),
    ]),
  );
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const intern = (name: string): number => {
    let i = nameIndex.get(name);
    if (i === undefined) nameIndex.set(name, (i = names.push(name) - 1));
    return i;
  };
  const out: number[] = [patterns.length, ...patterns.map(() => 0)];
  const emit = (step: Step): number => {
    const at = out.length;
    const captures = step.captures.map((c) => {
      const id = captureIds.get(c);
      if (id === undefined) throw new Error(`capture @${c} is not in the compiled query`);
      return id;
    });
    out.push(step.kind, step.field === undefined ? -1 : intern(step.field), step.symbols.length, ...step.symbols.map(intern), captures.length, ...captures, step.children.length);
    const childSlots = out.length;
    for (const _ of step.children) out.push(0);
    step.children.forEach((child, i) => (out[childSlots + i] = emit(child)));
    return at;
  };
  patterns.forEach((p, i) => (out[1 + i] = emit(p)));
  return { program: Int32Array.from(out), names, captureNames: [...captureIds.keys()], predicates };
}

type PredicateArg = string | { capture: string };

/** Reads tags.scm's S-expressions into steps, one per top-level pattern (tree-sitter's pattern indexes). */
class PatternReader {
  private at = 0;
  /** Per top-level pattern, its predicates. */
  readonly predicates: PredicateArg[][][] = [];
  /** Capture names in the order the text mentions them. */
  readonly captureOrder: string[] = [];

  constructor(private readonly text: string) {}

  patterns(): Step[] {
    const steps: Step[] = [];
    for (this.skip(); this.at < this.text.length; this.skip()) {
      this.predicates.push([]);
      steps.push(this.topLevel());
    }
    return steps;
  }

  /** A pattern, or a grouping around one pattern with predicates: `((node …) @cap (#eq? …))`. */
  private topLevel(): Step {
    if (this.skip() === '(' && this.peekAfterParen() === '(') {
      this.expect('(');
      const inner = this.pattern(undefined);
      let more = this.skip();
      while (more === '(' && this.peekAfterParen() === '#') more = (this.predicate(), this.skip());
      if (more !== ')') throw new Unsupported('a sequence of sibling patterns');
      this.expect(')');
      inner.captures.push(...this.captures());
      return inner;
    }
    if (this.skip() === '[') throw new Unsupported('a top-level alternation');
    const step = this.pattern(undefined);
    if (step.kind === StepKind.alternation) throw new Unsupported('a top-level alternation');
    return step;
  }

  private pattern(field: string | undefined): Step {
    const c = this.skip();
    let step: Step;
    if (c === '"') step = { kind: StepKind.anonymous, field, symbols: [this.string()], captures: [], children: [] };
    else if (c === '[') step = this.alternation(field);
    else if (c === '(') step = this.node(field);
    else if (c === '_') {
      this.at++;
      step = { kind: StepKind.any, field, symbols: [], captures: [], children: [] };
    } else throw new Unsupported(`"${c}" at ${this.at}`);
    if (/[*+?]/.test(this.skip())) throw new Unsupported('a quantifier');
    step.captures.push(...this.captures());
    return step;
  }

  private node(field: string | undefined): Step {
    this.expect('(');
    const name = this.identifier();
    if (name === 'MISSING' || name === 'ERROR' || this.skip() === '/') throw new Unsupported(`(${name})`);
    const step: Step = name === '_' ? { kind: StepKind.anyNamed, field, symbols: [], captures: [], children: [] } : { kind: StepKind.named, field, symbols: [name], captures: [], children: [] };
    for (let c = this.skip(); c !== ')'; c = this.skip()) {
      if (c === '(' && this.peekAfterParen() === '#') this.predicate();
      else if (c === '.' || c === '!') throw new Unsupported(c === '.' ? 'an anchor' : 'a negated field');
      else step.children.push(this.child());
    }
    this.expect(')');
    return step;
  }

  private child(): Step {
    const start = this.at;
    if (/[A-Za-z_]/.test(this.skip())) {
      const name = this.identifier();
      if (this.skip() === ':') {
        this.at++;
        return this.pattern(name);
      }
      this.at = start;
    }
    return this.pattern(undefined);
  }

  /**
   * `[(a) (b) "c"]` of childless, uncaptured nodes of one kind becomes one step with several
   * types; anything else an `alternation` step whose children are the alternatives. Either
   * way the captures after `]` go to whichever alternative matched.
   */
  private alternation(field: string | undefined): Step {
    this.expect('[');
    const alternatives: Step[] = [];
    for (let c = this.skip(); c !== ']'; c = this.skip()) alternatives.push(this.pattern(field));
    this.expect(']');
    const first = alternatives[0];
    if (!first) throw new Unsupported('an empty alternation');
    const plain = alternatives.every((a) => a.children.length === 0 && a.captures.length === 0 && a.kind === first.kind && (a.kind === StepKind.named || a.kind === StepKind.anonymous));
    if (plain) return { kind: first.kind, field, symbols: alternatives.flatMap((a) => a.symbols), captures: [], children: [] };
    return { kind: StepKind.alternation, field, symbols: [], captures: [], children: alternatives };
  }

  /** `(#op? @capture "text" …)`, kept for the caller to check on the pattern's matches. */
  private predicate(): void {
    this.expect('(');
    this.expect('#');
    const steps: PredicateArg[] = [this.identifier()];
    for (let c = this.skip(); c !== ')'; c = this.skip()) {
      if (c === '"') steps.push(this.string());
      else if (c === '@') steps.push({ capture: this.captures()[0]! });
      else if (c === undefined) throw new Error('unterminated predicate in tags query');
      else throw new Unsupported(`"${c}" in a predicate`);
    }
    this.expect(')');
    this.predicates[this.predicates.length - 1]!.push(steps);
  }

  private captures(): string[] {
    const names: string[] = [];
    while (this.skip() === '@') {
      this.at++;
      const name = this.identifier();
      this.captureOrder.push(name);
      names.push(name);
    }
    return names;
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_.-]*[?!]?/.exec(this.text.slice(this.at, this.at + 200));
    if (!m) throw new Unsupported(`a name expected at ${this.at}`);
    this.at += m[0].length;
    return m[0];
  }

  private string(): string {
    this.expect('"');
    let value = '';
    for (;;) {
      const c = this.text[this.at++];
      if (c === undefined) throw new Error('unterminated string in tags query');
      if (c === '"') return value;
      if (c === '\\') {
        const e = this.text[this.at++];
        value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : (e ?? '');
      } else value += c;
    }
  }

  /** Skips blanks and `;` comments; answers the next character. */
  private skip(): string {
    for (;;) {
      while (/\s/.test(this.text[this.at] ?? '')) this.at++;
      if (this.text[this.at] !== ';') return this.text[this.at] as string;
      while (this.at < this.text.length && this.text[this.at] !== '\n') this.at++;
    }
  }

  private peekAfterParen(): string {
    const save = this.at;
    this.at++;
    const c = this.skip();
    this.at = save;
    return c;
  }

  private expect(c: string): void {
    if (this.skip() !== c) throw new Error(`tags query: "${c}" expected at ${this.at}`);
    this.at++;
  }
}
