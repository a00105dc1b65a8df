import { describe, expect, it } from 'vitest';
import { DEFINITION_FIELDS, packTags, REFERENCE_FIELDS, unpackTags, type TagLists } from './packedTags.js';
import type { SymbolKind } from './tags.js';

const range = (line: number, start: number, end: number) => ({ startLine: line, startColumn: start, endLine: line, endColumn: end });

describe('packed tags', () => {
  it('round-trips definitions (with and without containers) and references, each name stored once', () => {
    const lists: TagLists = {
      definitions: [
        { name: 'Foo', kind: 'class', range: range(0, 6, 9), fullRange: { startLine: 0, startColumn: 0, endLine: 9, endColumn: 1 } },
        { name: 'bar', kind: 'method', range: range(2, 2, 5), fullRange: range(2, 2, 18), container: 'Foo' },
        { name: 'Foo', kind: 'namespace', range: range(11, 10, 13), fullRange: range(11, 0, 20), container: '' },
      ],
      references: [
        { name: 'bar', kind: 'call', range: range(4, 4, 7) },
        { name: 'ünïcödé名', kind: 'import', range: { startLine: 5, startColumn: 1, endLine: 7, endColumn: 2 } },
      ],
    };
    const packed = packTags('typescript', lists, { syntaxErrors: true });
    expect(packed).toMatchObject({ language: 'typescript', definitionCount: 3, referenceCount: 2, syntaxErrors: true });
    expect(packed.names.split('\0')).toEqual(['Foo', 'bar', '', 'ünïcödé名']);
    expect(packed.table.length).toBe(3 * DEFINITION_FIELDS + 2 * REFERENCE_FIELDS);
    expect(unpackTags(packed)).toEqual(lists);
    // What a worker sends survives the structured clone between threads.
    expect(unpackTags(structuredClone(packed))).toEqual(lists);
  });

  it('packs a file without tags, and stores an unknown kind as a variable', () => {
    const empty = packTags('python', { definitions: [], references: [] });
    expect(empty).toMatchObject({ names: '', definitionCount: 0, referenceCount: 0 });
    expect(unpackTags(empty)).toEqual({ definitions: [], references: [] });
    const odd = packTags('c', { definitions: [{ name: 'x', kind: 'gadget' as SymbolKind, range: range(0, 0, 1), fullRange: range(0, 0, 1) }], references: [] });
    expect(unpackTags(odd).definitions[0]!.kind).toBe('variable');
  });
});
