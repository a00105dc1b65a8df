import { describe, expect, it } from 'vitest';
import { buildOutline, type OutlineNode } from './outline.js';
import type { Definition, SymbolKind } from './tags.js';

function def(name: string, kind: SymbolKind, from: number, to: number, container?: string): Definition {
  return {
    name,
    kind,
    range: { startLine: from, startColumn: 2, endLine: from, endColumn: 2 + name.length },
    fullRange: { startLine: from, startColumn: 0, endLine: to, endColumn: 1 },
    ...(container === undefined ? {} : { container }),
  };
}

const shape = (nodes: OutlineNode[]): unknown[] => nodes.map((n) => (n.children.length ? { [n.name]: shape(n.children) } : n.name));

describe('outline', () => {
  it('nests methods under their class and keeps source order', () => {
    const defs = [def('helper', 'function', 20, 22), def('getText', 'method', 5, 7, 'Editor'), def('Editor', 'class', 1, 15), def('render', 'method', 9, 14, 'Editor'), def('inner', 'function', 10, 12, 'render'), def('MAX', 'constant', 0, 0)];
    expect(shape(buildOutline(defs))).toEqual(['MAX', { Editor: ['getText', { render: ['inner'] }] }, 'helper']);
  });

  it('adopts definitions whose container is declared elsewhere in the file (Go methods)', () => {
    const defs = [def('Server', 'class', 0, 3), def('Start', 'method', 5, 8, 'Server'), def('Stop', 'method', 10, 12, 'Server'), def('main', 'function', 14, 16)];
    expect(shape(buildOutline(defs))).toEqual([{ Server: ['Start', 'Stop'] }, 'main']);
  });

  it('nests by range when there is no container, and never loops', () => {
    const defs = [def('outer', 'function', 0, 10), def('local', 'variable', 2, 2), def('a', 'class', 12, 14, 'b'), def('b', 'class', 13, 13, 'a')];
    expect(shape(buildOutline(defs))).toEqual([{ outer: ['local'] }, { a: ['b'] }]);
  });
});
