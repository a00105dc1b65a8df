// The fixture checker must be able to fail, or every language's fixture test proves nothing.
import { describe, expect, it } from 'vitest';
import type { TagLists } from '../common/packedTags.js';
import { checkAnnotations, parseAnnotations } from './fixtureAnnotations.js';

const source = [
  'class Foo {', //                 line 0
  '//    ^ definition.class', //
  '  bar() { baz(); }', //          line 2
  '//^ definition.method in:Foo',
  '//        ^ reference.call',
  '//    ^ !reference.call',
].join('\n');

const range = (line: number, start: number, end: number) => ({ startLine: line, startColumn: start, endLine: line, endColumn: end });
const tags = (over: Partial<TagLists> = {}): TagLists => ({
  definitions: [
    { name: 'Foo', kind: 'class', range: range(0, 6, 9), fullRange: range(0, 0, 9) },
    { name: 'bar', kind: 'method', range: range(2, 2, 5), fullRange: range(2, 2, 18), container: 'Foo' },
  ],
  references: [{ name: 'baz', kind: 'call', range: range(2, 10, 13) }],
  ...over,
});

describe('fixture annotations', () => {
  const assertions = parseAnnotations(source, '//');

  it('reads carets against the nearest code line above', () => {
    expect(assertions.map((a) => [a.line, a.column, a.role, a.kind, a.negated, a.container])).toEqual([
      [0, 6, 'definition', 'class', false, undefined],
      [2, 2, 'definition', 'method', false, 'Foo'],
      [2, 10, 'reference', 'call', false, undefined],
      [2, 6, 'reference', 'call', true, undefined],
    ]);
  });

  it('passes when tags and annotations agree', () => {
    expect(checkAnnotations(tags(), assertions)).toEqual([]);
  });

  it('fails on a missing tag, a wrong container, an unannotated definition and a negated hit', () => {
    const broken = tags({
      definitions: [
        { name: 'bar', kind: 'method', range: range(2, 2, 5), fullRange: range(2, 2, 18), container: 'Other' },
        { name: 'extra', kind: 'function', range: range(4, 0, 5), fullRange: range(4, 0, 9) },
      ],
      references: [{ name: 'baz', kind: 'call', range: range(2, 10, 13) }, { name: 'r', kind: 'call', range: range(2, 6, 7) }],
    });
    const problems = checkAnnotations(broken, assertions);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/expected definition.class/);
    expect(problems.join('\n')).toMatch(/is in "Other", expected "Foo"/);
    expect(problems.join('\n')).toMatch(/unannotated definition.function "extra"/);
    expect(problems.join('\n')).toMatch(/unexpected reference.call "r"/);
  });
});
