/**
 * Containers by nesting: a definition's container is the nearest enclosing definition
 * that can contain others (a method's class, a nested function's function) or the
 * nearest scope (Rust's impl block). One sort and a stack, O(n log n).
 */
import type { Definition, Range } from '../common/tags.js';

export interface Nested {
  /** The definition to fill in; absent for a scope, which only names its contents. */
  def: Definition | undefined;
  name: string;
  range: Range;
  canContain: boolean;
  /** The container named by the query itself (`@container`), which wins over nesting. */
  explicit: string | undefined;
}

/** Sorts `items` into document order and sets each definition's `container`. */
export function assignContainers(items: Nested[]): void {
  items.sort((a, b) => compareStart(a.range, b.range) || compareEnd(b.range, a.range));
  const open: Nested[] = [];
  for (const item of items) {
    while (open.length > 0 && !contains(open[open.length - 1]!.range, item.range)) open.pop();
    const container = item.explicit ?? open[open.length - 1]?.name;
    if (item.def && container !== undefined) item.def.container = container;
    if (item.canContain) open.push(item);
  }
}

function compareStart(a: Range, b: Range): number {
  return a.startLine - b.startLine || a.startColumn - b.startColumn;
}

function compareEnd(a: Range, b: Range): number {
  return a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** Strict containment: a node does not contain another with exactly its range. */
function contains(outer: Range, inner: Range): boolean {
  const startOk = compareStart(outer, inner) <= 0;
  const endOk = compareEnd(inner, outer) <= 0;
  return startOk && endOk && (compareStart(outer, inner) !== 0 || compareEnd(inner, outer) !== 0);
}
