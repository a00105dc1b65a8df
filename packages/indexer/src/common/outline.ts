import type { Definition, Range } from './tags.js';

export interface OutlineNode extends Definition {
  children: OutlineNode[];
}

function contains(outer: Range, inner: Range): boolean {
  const startsBefore = outer.startLine < inner.startLine || (outer.startLine === inner.startLine && outer.startColumn <= inner.startColumn);
  const endsAfter = outer.endLine > inner.endLine || (outer.endLine === inner.endLine && outer.endColumn >= inner.endColumn);
  return startsBefore && endsAfter;
}

function compareStart(a: Definition, b: Definition): number {
  return a.fullRange.startLine - b.fullRange.startLine || a.fullRange.startColumn - b.fullRange.startColumn || b.fullRange.endLine - a.fullRange.endLine;
}

/**
 * Nests a file's definitions for the outline. A definition goes under the innermost
 * enclosing definition named like its container; without a container, under the innermost
 * enclosing definition. A container defined elsewhere in the file (a Go method's receiver
 * type) adopts it even without enclosing it.
 */
export function buildOutline(definitions: readonly Definition[]): OutlineNode[] {
  const nodes = [...definitions].sort(compareStart).map((d): OutlineNode => ({ ...d, children: [] }));
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  // Only definitions already placed may adopt by name: that keeps the tree acyclic.
  const firstByName = new Map<string, OutlineNode>();
  for (const node of nodes) {
    while (stack.length > 0 && !contains(stack[stack.length - 1]!.fullRange, node.fullRange)) stack.pop();
    let parent: OutlineNode | undefined;
    if (node.container !== undefined) {
      for (let i = stack.length - 1; i >= 0 && !parent; i--) if (stack[i]!.name === node.container) parent = stack[i];
      if (!parent) {
        const named = firstByName.get(node.container);
        if (named) parent = named;
      }
    } else {
      parent = stack[stack.length - 1];
    }
    (parent ? parent.children : roots).push(node);
    stack.push(node);
    if (!firstByName.has(node.name)) firstByName.set(node.name, node);
  }
  return roots;
}
