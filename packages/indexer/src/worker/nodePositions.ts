/**
 * Cheap positions of syntax nodes. Every SyntaxNode getter in the Node binding is a
 * native call (about 1 µs each, more than the query itself per capture), but a node
 * object already carries its start as marshalled fields: [2] start byte, [3] start row,
 * [4] start column byte, with bytes in UTF-16 as the binding parses strings. We read
 * those, after checking once per worker that they agree with the public getters, and
 * fall back to the getters if a binding version ever lays them out differently.
 */
import type Parser from 'tree-sitter';

export interface Point {
  /** UTF-16 offset into the source string. */
  index: number;
  row: number;
  /** UTF-16 column. */
  column: number;
}

type Marshalled = Record<number, number>;
let fieldsTrusted: boolean | undefined;

function fastStart(node: Parser.SyntaxNode): Point {
  const raw = node as unknown as Marshalled;
  return { index: raw[2]! / 2, row: raw[3]!, column: raw[4]! / 2 };
}

/** Decide once whether the marshalled fields can be trusted, on a real node of a real tree. */
function trustFields(node: Parser.SyntaxNode): boolean {
  if (fieldsTrusted === undefined) {
    const fast = fastStart(node);
    const slow = node.startPosition;
    fieldsTrusted = fast.index === node.startIndex && fast.row === slow.row && fast.column === slow.column;
  }
  return fieldsTrusted;
}

export function startOf(node: Parser.SyntaxNode): Point {
  if (trustFields(node)) return fastStart(node);
  const { row, column } = node.startPosition;
  return { index: node.startIndex, row, column };
}

/** Nodes up to this many UTF-16 units find their end by scanning their own text. */
const SCAN_LIMIT = 256;

/**
 * End of a node. Short nodes (names) cost one native call for the end offset, and their
 * text tells whether they span lines; longer ones (whole definitions) ask the binding for
 * the end position instead, since scanning the source for newlines would cost O(length)
 * per node, which is quadratic on a minified file's single megabyte-long line.
 */
export function endOf(node: Parser.SyntaxNode, start: Point, source: string): Point {
  const index = node.endIndex;
  if (index - start.index <= SCAN_LIMIT) {
    let row = start.row;
    let newline = -1;
    for (let i = start.index; i < index; i++) {
      if (source.charCodeAt(i) === 10) {
        row++;
        newline = i;
      }
    }
    return newline < 0 ? { index, row, column: start.column + (index - start.index) } : { index, row, column: index - newline - 1 };
  }
  const { row, column } = node.endPosition;
  return { index, row, column };
}
