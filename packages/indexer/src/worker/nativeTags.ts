/**
 * The native tags addon (native/tags.c, built by `pnpm --filter @marie/indexer
 * build:native`, which scripts/bootstrap.sh runs): parse and query in one call, matches
 * back as one Int32Array (matchTable.ts). Text predicates are checked here, on the few
 * matches of patterns that have them. Absent addon: `loadNativeTags()` is undefined and
 * the worker uses the `tree-sitter` binding for everything (slower, same tags).
 */
import { nativeAddon } from './nativeAddon.js';
import { C, MATCHES_START, PER_CAPTURE, type MatchTable } from './matchTable.js';
import type { EditableTree, TextEdit } from './recentTrees.js';
import { compileWalkProgram } from './walkProgram.js';

interface Addon {
  newQuery(language: unknown, source: string): object;
  captureNames(query: object): string[];
  predicates(query: object): Array<Array<Array<string | number>>>;
  /** With a walker, `query` is null; with a slot the parse starts from its tree, edited by `edit`, and keeps the new one. */
  tags(language: unknown, query: object | null, source: string, limitMicros: number, matchLimit: number, walker?: object, slot?: object, edit?: Int32Array): Int32Array;
  newWalker(language: unknown, program: Int32Array, names: string[]): object;
  /** Absent from an addon built before it existed. */
  trimMemory?(): boolean;
  /** Absent from an addon built before they existed. */
  newTreeSlot?(): object;
  dropTree?(slot: object): boolean;
  /** common/trigram.ts's extractTrigrams in C; absent from an addon built before it existed. */
  extractTrigrams?(bytes: Uint8Array, seen: Uint32Array, stamp: number, out: Int32Array, offset: number): number;
}

/** Flags in the answer's first slot (tags.c). */
export const NativeFlag = { parseTimeout: 1, queryTimeout: 2, matchLimit: 4, hasError: 8 } as const;

type Predicate = (data: Int32Array, at: number, count: number, source: string) => boolean;

/** The addon, or undefined when it was not built (or `MARIE_INDEXER_NATIVE=0`). */
export function loadNativeTags(): Addon | undefined {
  return nativeAddon() as Addon | undefined;
}

/**
 * Hands the free pages in glibc's arenas back to the system (`malloc_trim`, through the
 * addon): a build's freed buffers otherwise stay resident. A no-op without the addon.
 */
export function trimMemory(): void {
  const native = loadNativeTags();
  if (typeof native?.trimMemory === 'function') native.trimMemory();
}

/** One language's tags query compiled for the addon. */
export class NativeQuery {
  readonly captureNames: readonly string[];
  /** tree-sitter's compiled query; none when the walk matcher serves (compiling it cost up to 0.2 s per language and worker). */
  private readonly query: object | undefined;
  private readonly predicates: Array<Predicate[] | undefined>;
  /** The walk matcher for this query (walk.c), when asked for and the query does only what it does. */
  private readonly walker: object | undefined;

  constructor(
    private readonly native: Addon,
    private readonly language: unknown,
    source: string,
    walk: boolean,
  ) {
    const program = walk ? compileWalkProgram(source) : undefined;
    if (program) {
      this.walker = native.newWalker(language, program.program, program.names);
      this.captureNames = program.captureNames;
    } else {
      this.query = native.newQuery(language, source);
      this.captureNames = native.captureNames(this.query);
    }
    const predicates = program ? program.predicates : native.predicates(this.query!);
    this.predicates = predicates.map((list) => (list.length > 0 ? list.map(compilePredicate) : undefined));
  }

  /** Whether matches come from the walk matcher rather than tree-sitter's query cursor. */
  get walks(): boolean {
    return this.walker !== undefined;
  }

  /** A tree to keep between editor saves of one file, or undefined when the addon predates them. */
  newTree(): NativeTree | undefined {
    return typeof this.native.newTreeSlot === 'function' ? new NativeTree(this.native, this.native.newTreeSlot()) : undefined;
  }

  /** Parse and query (from `kept`'s tree when given, keeping the new one); a match failing a predicate gets pattern -1. */
  run(source: string, limitMs: number, matchLimit: number, kept?: NativeTree): { flags: number; table: MatchTable } {
    const data = this.native.tags(this.language, this.query ?? null, source, Math.max(1, Math.round(limitMs * 1000)), matchLimit, this.walker, kept?.slot, kept?.takeEdit());
    const count = data[1]!;
    let at = MATCHES_START;
    for (let m = 0; m < count; m++) {
      const captures = data[at + 1]!;
      const checks = this.predicates[data[at]!];
      if (checks && !checks.every((check) => check(data, at + 2, captures, source))) data[at] = -1;
      at += 2 + captures * PER_CAPTURE;
    }
    return { flags: data[0]!, table: { data, count } };
  }
}

/**
 * A tree the addon keeps between editor saves of one file (RecentTrees): the next parse
 * starts from it, edited by what changed. Freed when dropped from the recent files.
 */
export class NativeTree implements EditableTree {
  private pending: TextEdit | undefined;

  constructor(
    private readonly native: Addon,
    readonly slot: object,
  ) {}

  edit(edit: TextEdit): void {
    this.pending = edit;
  }

  /** The edit since the kept tree's text, as the addon reads it (none: parse from scratch). */
  takeEdit(): Int32Array | undefined {
    const e = this.pending;
    this.pending = undefined;
    if (!e) return undefined;
    const points = [e.startPosition, e.oldEndPosition, e.newEndPosition].flatMap((p) => [p.row, p.column]);
    return Int32Array.from([e.startIndex, e.oldEndIndex, e.newEndIndex, ...points]);
  }

  /** Frees the kept tree; true when there was one. */
  dispose(): boolean {
    return this.native.dropTree?.(this.slot) ?? false;
  }
}

/** Texts of a match's captures with that id. */
function textsOf(id: number, data: Int32Array, at: number, count: number, source: string): string[] {
  const texts: string[] = [];
  for (let i = 0, p = at; i < count; i++, p += PER_CAPTURE) if (data[p + C.id] === id) texts.push(source.slice(data[p + C.startIndex], data[p + C.endIndex]));
  return texts;
}

/** The text predicates the binding supports, with its semantics (tree-sitter's index.js). */
function compilePredicate(steps: Array<string | number>): Predicate {
  const [operator, first, ...rest] = steps;
  const positive = !String(operator).startsWith('not-') && !String(operator).startsWith('any-not-');
  const all = !String(operator).startsWith('any-');
  if (typeof first !== 'number') throw new Error(`#${operator}: the first argument must be a capture`);
  const pick = <T>(texts: T[], test: (t: T) => boolean): boolean => (all ? texts.every(test) : texts.some(test));
  switch (operator) {
    case 'eq?':
    case 'not-eq?':
    case 'any-eq?':
    case 'any-not-eq?': {
      const other = rest[0];
      if (typeof other === 'number') {
        return (d, at, n, s) => {
          const right = textsOf(other, d, at, n, s);
          return pick(textsOf(first, d, at, n, s), (t) => right.some((r) => (r === t) === positive));
        };
      }
      return (d, at, n, s) => pick(textsOf(first, d, at, n, s), (t) => (t === other) === positive);
    }
    case 'match?':
    case 'not-match?':
    case 'any-match?':
    case 'any-not-match?': {
      const regex = new RegExp(String(rest[0]));
      return (d, at, n, s) => {
        const texts = textsOf(first, d, at, n, s);
        return texts.length === 0 ? !positive : pick(texts, (t) => regex.test(t) === positive);
      };
    }
    case 'any-of?':
    case 'not-any-of?': {
      const values = new Set(rest.map(String));
      return (d, at, n, s) => {
        const texts = textsOf(first, d, at, n, s);
        return texts.length === 0 ? !positive : texts.every((t) => values.has(t)) === positive;
      };
    }
    default:
      throw new Error(`unsupported query predicate #${operator}`);
  }
}
