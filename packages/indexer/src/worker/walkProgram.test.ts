// The walk matcher's compiler: what it takes, what it leaves to the query cursor, and the
// layout walk.c reads. (That its matches equal the query cursor's: nativeTags.test.ts.)
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from './languageRegistry.js';
import { compileWalkProgram, StepKind } from './walkProgram.js';

const compile = (source: string) => compileWalkProgram(source);

describe('compileWalkProgram', () => {
  it('compiles every language’s tags.scm', () => {
    const registry = LanguageRegistry.load();
    for (const language of registry.all()) expect(compile(registry.querySource(language.id)), language.id).toBeDefined();
  });

  it.each([
    ['a quantifier', '(a (b)* @x) @y'],
    ['an anchor', '(a . (b) @x) @y'],
    ['a negated field', '(a !name (b) @x) @y'],
    ['a supertype', '(a (expression/identifier) @x) @y'],
    ['a sibling sequence', '((a) (b) @x)'],
    ['a top-level alternation', '[(a) (b)] @x'],
    ['MISSING', '(a (MISSING identifier) @x)'],
  ])('leaves %s to the query cursor', (_what, source) => {
    expect(compile(source)).toBeUndefined();
  });

  it('lays out fields, literals, alternations, captures and predicates as walk.c reads them', () => {
    const source = `; a comment with (parens) and "quotes"
((call function: [(identifier) (member property: (p) @n)] @name kind: "const" (_) _) @ref (#eq? @name "req\\"uire"))
(decl name: [(x) (y)] @name) @def`;
    const compiled = compile(source)!;
    // Capture ids in order of first appearance; predicates per pattern, captures by id.
    expect(compiled.captureNames).toEqual(['n', 'name', 'ref', 'def']);
    expect(compiled.predicates).toEqual([[['eq?', 1, 'req"uire']], []]);
    const [n, name, ref, def] = [0, 1, 2, 3];
    const p = [...compiled.program];
    const names = compiled.names;
    expect(p[0]).toBe(2);
    // Pattern 0's root: `call` with the grouping's capture and four children.
    const root = p[1]!;
    expect(p.slice(root, root + 6)).toEqual([StepKind.named, -1, 1, names.indexOf('call'), 1, ref]);
    expect(p[root + 6]).toBe(4);
    const [alt, literal, anyNamed, any] = p.slice(root + 7, root + 11) as [number, number, number, number];
    expect(p.slice(alt, alt + 4)).toEqual([StepKind.alternation, names.indexOf('function'), 0, 1]);
    expect(p[alt + 4]).toBe(name);
    expect(p[alt + 5]).toBe(2); // two alternatives, each with the field
    const member = p[alt + 7]!;
    expect(p.slice(member, member + 5)).toEqual([StepKind.named, names.indexOf('function'), 1, names.indexOf('member'), 0]);
    const property = p[member + 6]!;
    expect(p.slice(property, property + 6)).toEqual([StepKind.named, names.indexOf('property'), 1, names.indexOf('p'), 1, n]);
    expect(p.slice(literal, literal + 4)).toEqual([StepKind.anonymous, names.indexOf('kind'), 1, names.indexOf('const')]);
    expect(p.slice(anyNamed, anyNamed + 3)).toEqual([StepKind.anyNamed, -1, 0]);
    expect(p.slice(any, any + 3)).toEqual([StepKind.any, -1, 0]);
    // Pattern 1: a plain alternation of types is one step with two symbols.
    const decl = p[2]!;
    const child = p[decl + 7]!;
    expect(p.slice(decl, decl + 6)).toEqual([StepKind.named, -1, 1, names.indexOf('decl'), 1, def]);
    expect(p.slice(child, child + 7)).toEqual([StepKind.named, names.indexOf('name'), 2, names.indexOf('x'), names.indexOf('y'), 1, name]);
  });
});
