import type { Node } from './ast.js';

/**
 * Whether a pattern may make a backtracking engine (V8's) run for exponential or high
 * polynomial time on some line, as `(a+)+$` does on "aaaa…b". ripgrep's engine is linear
 * and has no such patterns, so we cannot refuse them; find in files verifies them under
 * a time limit instead (see guardedMatcher.ts). Conservative: a repeat that contains
 * another unbounded repeat or an alternation, or three unbounded repeats in one pattern.
 * Everything else runs on the calling thread as before, at no extra cost.
 */
export function mayBacktrackBadly(node: Node): boolean {
  return nestedRisk(node, false) || unboundedRepeats(node) >= 3;
}

function nestedRisk(node: Node, insideRepeat: boolean): boolean {
  switch (node.type) {
    case 'group':
      return nestedRisk(node.node, insideRepeat);
    case 'concat':
      return node.items.some((n) => nestedRisk(n, insideRepeat));
    case 'alt':
      return (insideRepeat && node.items.length > 1) || node.items.some((n) => nestedRisk(n, insideRepeat));
    case 'repeat': {
      const unbounded = node.max === Infinity || node.max > 16;
      if (insideRepeat && unbounded) return true;
      return nestedRisk(node.node, insideRepeat || node.max > 1);
    }
    default:
      return false;
  }
}

function unboundedRepeats(node: Node): number {
  switch (node.type) {
    case 'group':
      return unboundedRepeats(node.node);
    case 'concat':
    case 'alt':
      return node.items.reduce((n, item) => n + unboundedRepeats(item), 0);
    case 'repeat':
      return (node.max === Infinity ? 1 : 0) + unboundedRepeats(node.node);
    default:
      return 0;
  }
}
