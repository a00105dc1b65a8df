import { describe, expect, it } from 'vitest';
import { basename, dirname, extensionOf, invalidNameReason, isEqualOrInside, joinPath } from './paths.js';

describe('paths', () => {
  it('splits and joins POSIX and Windows host paths', () => {
    expect(basename('/a/b.ts')).toBe('b.ts');
    expect(dirname('/a/b.ts')).toBe('/a');
    expect(dirname('/a')).toBe('/');
    expect(basename('C:\\w\\x.txt')).toBe('x.txt');
    expect(dirname('C:\\w\\x.txt')).toBe('C:\\w');
    expect(dirname('C:\\w')).toBe('C:\\');
    expect(joinPath('/a', 'b')).toBe('/a/b');
    expect(joinPath('/', 'b')).toBe('/b');
    expect(joinPath('C:\\w', 'b')).toBe('C:\\w\\b');
  });

  it('knows containment without prefix confusion', () => {
    expect(isEqualOrInside('/a/b/c', '/a/b')).toBe(true);
    expect(isEqualOrInside('/a/bc', '/a/b')).toBe(false);
    expect(isEqualOrInside('/a/b', '/a/b')).toBe(true);
  });

  it('validates names and extensions', () => {
    expect(invalidNameReason('ok.ts')).toBeUndefined();
    expect(invalidNameReason('a/b')).toBeDefined();
    expect(invalidNameReason('..')).toBeDefined();
    expect(invalidNameReason(' ')).toBeDefined();
    expect(extensionOf('a.TS')).toBe('ts');
    expect(extensionOf('.gitignore')).toBe('');
  });
});
