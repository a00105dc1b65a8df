import { packTags } from '../../common/packedTags.js';
import type { Definition, ParseOutcome, Reference, SymbolKind } from '../../common/tags.js';
import type { TagRequest, TagResult, TagSource } from '../tagSource.js';

const KEYWORDS: Record<string, SymbolKind> = {
  class: 'class',
  interface: 'interface',
  function: 'function',
  method: 'method',
  const: 'constant',
  type: 'type',
  enum: 'enum',
  module: 'module',
  field: 'field',
};
const DEF = /^(\s*)(class|interface|function|method|const|type|enum|module|field)\s+([A-Za-z_$][\w$]*)/u;
const CALL = /([A-Za-z_$][\w$]*)\(/gu;

/**
 * A stand-in for the parse worker pool in tests. It understands a toy syntax, one
 * definition per line (`class Foo {`, `method bar() {`, `function baz()`, `const X`, ...),
 * braces for nesting, and `name(` as a call reference; and it counts what it was asked to
 * parse, so tests can prove what was (not) re-parsed.
 */
export class FixedTagsForTests implements TagSource {
  readonly parsed: string[] = [];
  delayMs = 0;
  /** While set, bulk parsing waits for it (an editor's interactive jobs do not): lets a test query an index mid-build. */
  hold: Promise<void> | undefined;

  constructor(readonly version = 'fixed-1') {}

  supports(path: string): boolean {
    return /\.(ts|js|fix)$/u.test(path);
  }

  async *parse(files: AsyncIterable<TagRequest> | Iterable<TagRequest>, signal?: AbortSignal): AsyncIterable<TagResult> {
    for await (const request of files) {
      if (signal?.aborted) return;
      this.parsed.push(request.path);
      if (this.hold && request.priority !== 'interactive') await this.hold;
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      yield { path: request.path, outcome: this.extract(request) };
    }
  }

  extract(request: TagRequest): ParseOutcome {
    if (!this.supports(request.path)) return { ok: false, reason: 'unsupported', message: request.path };
    const lines = new TextDecoder().decode(request.content).split('\n');
    const definitions: Definition[] = [];
    const references: Reference[] = [];
    const open: { def: Definition; depth: number }[] = [];
    let depth = 0;
    lines.forEach((line, i) => {
      const m = DEF.exec(line);
      if (m) {
        const col = m[1]!.length + m[2]!.length + 1;
        const name = m[3]!;
        const container = open.length > 0 ? open[open.length - 1]!.def.name : undefined;
        const def: Definition = {
          name,
          kind: KEYWORDS[m[2]!]!,
          range: { startLine: i, startColumn: col, endLine: i, endColumn: col + name.length },
          fullRange: { startLine: i, startColumn: m[1]!.length, endLine: i, endColumn: line.length },
          ...(container === undefined ? {} : { container }),
        };
        definitions.push(def);
        if (line.trimEnd().endsWith('{')) open.push({ def, depth: depth + 1 });
      }
      for (const call of line.matchAll(CALL)) {
        if (m && call.index === m[0].length - m[3]!.length) continue;
        references.push({ name: call[1]!, kind: 'call', range: { startLine: i, startColumn: call.index!, endLine: i, endColumn: call.index! + call[1]!.length } });
      }
      for (const ch of line) {
        if (ch === '{') depth++;
        else if (ch === '}') {
          depth--;
          const top = open[open.length - 1];
          if (top && depth < top.depth) {
            top.def.fullRange.endLine = i;
            top.def.fullRange.endColumn = line.length;
            open.pop();
          }
        }
      }
    });
    return { ok: true, tags: packTags('fixed', { definitions, references }) };
  }
}
