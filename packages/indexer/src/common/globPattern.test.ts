import { describe, expect, it } from 'vitest';
import { GlobFilter } from './globFilter.js';
import { compileGlob, globMatches } from './globPattern.js';
import { IgnoreFile } from './gitignore.js';

const m = (glob: string, path: string, isDir = false): boolean => globMatches(compileGlob(glob), path, isDir);

describe('gitignore-style globs', () => {
  it('matches names at any depth unless anchored', () => {
    expect(m('*.log', 'a.log')).toBe(true);
    expect(m('*.log', 'x/y/a.log')).toBe(true);
    expect(m('/a.log', 'x/a.log')).toBe(false);
    expect(m('docs/*.md', 'docs/a.md')).toBe(true);
    expect(m('docs/*.md', 'x/docs/a.md')).toBe(false);
    expect(m('*.md', 'docs/sub/a.md')).toBe(true);
  });

  it('handles ** in every position', () => {
    expect(m('**/build', 'a/b/build', true)).toBe(true);
    expect(m('a/**/b', 'a/b')).toBe(true);
    expect(m('a/**/b', 'a/x/y/b')).toBe(true);
    expect(m('a/**', 'a/x/y')).toBe(true);
    expect(m('a/**', 'a')).toBe(false);
    expect(m('a**b', 'axxb')).toBe(true);
    expect(m('a**b', 'ax/xb')).toBe(false);
  });

  it('supports classes, ?, braces, escapes and directory-only rules', () => {
    expect(m('file[0-9].ts', 'file7.ts')).toBe(true);
    expect(m('file[!0-9].ts', 'file7.ts')).toBe(false);
    expect(m('?.ts', 'a.ts')).toBe(true);
    expect(m('?.ts', '/.ts')).toBe(false);
    expect(m('*.{ts,tsx}', 'a.tsx')).toBe(true);
    expect(m('\\*.ts', '*.ts')).toBe(true);
    expect(m('\\*.ts', 'a.ts')).toBe(false);
    expect(m('build/', 'build', true)).toBe(true);
    expect(m('build/', 'build', false)).toBe(false);
  });
});

describe('ignore files', () => {
  it('lets the last matching rule win, with negation', () => {
    const f = IgnoreFile.parse('*.log\n!keep.log\n# comment\n\n\\#hash\ntrailing   \nescaped\\ \n');
    expect(f.match('a.log', false)).toBe('ignore');
    expect(f.match('keep.log', false)).toBe('include');
    expect(f.match('#hash', false)).toBe('ignore');
    expect(f.match('trailing', false)).toBe('ignore');
    expect(f.match('escaped ', false)).toBe('ignore');
    expect(f.match('other.txt', false)).toBeUndefined();
  });
});

describe('search include/exclude globs', () => {
  it('follows ripgrep --glob: last match wins, includes whitelist, excluded folders prune', () => {
    const f = new GlobFilter(['*.ts'], ['test/']);
    expect(f.accepts('src/a.ts')).toBe(true);
    expect(f.accepts('src/a.js')).toBe(false);
    expect(f.accepts('test/a.ts')).toBe(false);
    expect(f.accepts('src/test/a.ts')).toBe(false);
    expect(new GlobFilter([], ['*.min.js']).accepts('a/b.min.js')).toBe(false);
    expect(new GlobFilter([], []).accepts('anything')).toBe(true);
  });
});
