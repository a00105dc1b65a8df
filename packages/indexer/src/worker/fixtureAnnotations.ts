/**
 * Annotated fixtures in the style of tree-sitter's tags tests. A comment line whose text
 * starts with `^` or `<-` asserts a tag on the nearest line above that is not itself an
 * assertion: `^` points at its own column, `<-` at the comment's first column.
 *
 *     class Greeter {
 *     //    ^ definition.class
 *       greet() {}
 *     //^ definition.method in:Greeter
 *     }
 *
 * `in:Name` also asserts the definition's container (`in:-`: none), and a leading `!`
 * (`^ !reference.call`) asserts that no such tag is there. Every definition the query
 * produces must be asserted, so a pattern that over-captures fails too.
 */
import type { TagLists } from '../common/packedTags.js';
import type { Range } from '../common/tags.js';

export interface Assertion {
  line: number;
  column: number;
  role: 'definition' | 'reference';
  kind: string;
  negated: boolean;
  container: string | undefined;
  /** Where the assertion itself sits (1-based), for messages. */
  sourceLine: number;
}

export function parseAnnotations(text: string, lineComment: string): Assertion[] {
  const assertions: Assertion[] = [];
  let target = -1;
  text.split('\n').forEach((line, row) => {
    const commentAt = line.indexOf(lineComment);
    const body = commentAt >= 0 && line.slice(0, commentAt).trim() === '' ? line.slice(commentAt + lineComment.length) : undefined;
    const m = body === undefined ? null : /^(\s*)(\^|<-)\s*(!?)(definition|reference)\.([\w-]+)(?:\s+in:(\S+))?\s*$/.exec(body);
    if (!m) {
      target = row;
      return;
    }
    const column = m[2] === '<-' ? commentAt : commentAt + lineComment.length + m[1]!.length;
    assertions.push({
      line: target,
      column,
      role: m[4] as Assertion['role'],
      kind: m[5]!,
      negated: m[3] === '!',
      container: m[6] === undefined ? undefined : m[6] === '-' ? '' : m[6],
      sourceLine: row + 1,
    });
  });
  return assertions;
}

/** Every way the tags disagree with the annotations, as readable lines; empty when they agree. */
export function checkAnnotations(tags: TagLists, assertions: Assertion[]): string[] {
  const problems: string[] = [];
  const asserted = new Set<object>();
  for (const a of assertions) {
    const pool = a.role === 'definition' ? tags.definitions : tags.references;
    const hits = pool.filter((t) => t.kind === a.kind && covers(t.range, a.line, a.column));
    const where = `line ${a.sourceLine} (${a.line + 1}:${a.column + 1})`;
    if (a.negated) {
      if (hits.length > 0) problems.push(`${where}: unexpected ${a.role}.${a.kind} "${hits[0]!.name}"`);
      continue;
    }
    if (hits.length === 0) {
      const there = [...tags.definitions.map((d) => ({ ...d, role: 'definition' })), ...tags.references.map((r) => ({ ...r, role: 'reference' }))].filter((t) => covers(t.range, a.line, a.column));
      problems.push(`${where}: expected ${a.role}.${a.kind}, found ${there.map((t) => `${t.role}.${t.kind} "${t.name}"`).join(', ') || 'nothing'}`);
      continue;
    }
    hits.forEach((h) => asserted.add(h));
    if (a.container !== undefined && a.role === 'definition') {
      const container = (hits[0] as { container?: string }).container ?? '';
      if (container !== a.container) problems.push(`${where}: ${a.kind} "${hits[0]!.name}" is in "${container}", expected "${a.container}"`);
    }
  }
  for (const d of tags.definitions) {
    if (!asserted.has(d)) problems.push(`unannotated definition.${d.kind} "${d.name}" at ${d.range.startLine + 1}:${d.range.startColumn + 1}`);
  }
  return problems;
}

function covers(range: Range, line: number, column: number): boolean {
  return range.startLine === line && range.startColumn <= column && column < Math.max(range.endColumn, range.startColumn + 1);
}
