import { describe, expect, it } from 'vitest';
import { minimalReplacement } from './minimalEdit.js';

const apply = (before: string, after: string) => {
  const r = minimalReplacement(before, after);
  return r ? before.slice(0, r.start) + r.text + before.slice(r.end) : before;
};

describe('minimalReplacement', () => {
  it('keeps the common prefix and suffix', () => {
    expect(minimalReplacement('hello world', 'hello brave world')).toEqual({ start: 6, end: 6, text: 'brave ' });
    expect(minimalReplacement('abc', 'abc')).toBeUndefined();
  });

  it('round-trips edge cases', () => {
    for (const [a, b] of [['', 'x'], ['x', ''], ['aaa', 'aa'], ['a\r\nb', 'a\nb'], ['😀', '😃'], ['ab', 'ba']] as const) {
      expect(apply(a, b)).toBe(b);
    }
  });

  it('never splits a CRLF or a surrogate pair', () => {
    const r = minimalReplacement('a\r\nb', 'a\r\r\nb')!;
    expect([r.start, r.end]).not.toContain(2);
    const s = minimalReplacement('x😀', 'x😃')!;
    expect(s.start).toBe(1);
  });
});
