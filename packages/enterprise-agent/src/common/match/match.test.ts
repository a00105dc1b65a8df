import { describe, expect, it } from 'vitest';
import { checkExtension, mergeExtensionMaps } from './extensionId.js';
import { parseGitRemote } from './gitRemote.js';
import { compileGlob, firstMatchingGlob, normalizePath } from './glob.js';
import { hostMatches, isHostPattern } from './hostPattern.js';
import { compareVersions, isVersion } from './version.js';

describe('git remotes', () => {
  it.each([
    ['https://github.com/org/repo.git', 'github.com', null],
    ['https://user:token@GitHub.com:8443/org/repo', 'github.com', 8443],
    ['ssh://git@git.corp.example:2222/repo.git', 'git.corp.example', 2222],
    ['git@github.com:org/repo.git', 'github.com', null],
    ['github.com:org/repo.git', 'github.com', null],
    ['git://example.org./repo', 'example.org', null],
    ['https://evil.example#@github.com/x', 'evil.example', null],
    ['ssh://[::1]:22/repo', '[::1]', 22],
  ])('finds the host of %s', (url, host, port) => {
    expect(parseGitRemote(url)).toEqual({ kind: 'network', scheme: expect.any(String), host, port });
  });

  it('tells local paths and opaque helpers apart', () => {
    expect(parseGitRemote('/srv/git/repo.git').kind).toBe('local');
    expect(parseGitRemote('./a:b').kind).toBe('local');
    expect(parseGitRemote('C:\\repos\\x').kind).toBe('local');
    expect(parseGitRemote('file:///srv/repo').kind).toBe('local');
    expect(parseGitRemote('ext::ssh -o ProxyCommand=x host').kind).toBe('opaque');
    expect(parseGitRemote('gopher://x/y').kind).toBe('opaque');
    expect(parseGitRemote('https://x\n/y').kind).toBe('opaque');
  });

  it('matches host patterns exactly, by subdomain, and by port', () => {
    expect(hostMatches('github.com', 'github.com', null)).toBe(true);
    expect(hostMatches('github.com', 'github.com', 22)).toBe(true);
    expect(hostMatches('github.com', 'evilgithub.com', null)).toBe(false);
    expect(hostMatches('github.com', 'github.com.evil.com', null)).toBe(false);
    expect(hostMatches('*.corp.example', 'git.corp.example', null)).toBe(true);
    expect(hostMatches('*.corp.example', 'corp.example', null)).toBe(false);
    expect(hostMatches('*.corp.example', 'xcorp.example', null)).toBe(false);
    expect(hostMatches('git.corp.example:2222', 'git.corp.example', 22)).toBe(false);
    expect(hostMatches('git.corp.example:2222', 'git.corp.example', 2222)).toBe(true);
    expect(hostMatches('*', 'anything', 1)).toBe(true);
    for (const bad of ['', 'a b', 'http://x', '*.', 'x:99999', '**.x']) expect(isHostPattern(bad), bad).toBe(false);
  });
});

describe('globs for files never sent to AI', () => {
  it('matches at any depth, ignoring case, and covers folders', () => {
    const globs = ['.env', '*.pem', '**/secrets/**', '/etc/**', 'config/*.{key,crt}'];
    expect(firstMatchingGlob(globs, '/w/app/.env')).toBe('.env');
    expect(firstMatchingGlob(globs, '/w/app/.ENV')).toBe('.env');
    expect(firstMatchingGlob(globs, '/w/a/b/server.PEM')).toBe('*.pem');
    expect(firstMatchingGlob(globs, '/w/secrets/deep/x.txt')).toBe('**/secrets/**');
    expect(firstMatchingGlob(globs, '/etc/passwd')).toBe('/etc/**');
    expect(firstMatchingGlob(globs, '/w/config/tls.crt')).toBe('config/*.{key,crt}');
    expect(firstMatchingGlob(['secrets'], '/w/secrets/a/b.txt')).toBe('secrets');
    expect(firstMatchingGlob(globs, '/w/app/main.ts')).toBeNull();
    expect(firstMatchingGlob(globs, '/w/app/.envrc')).toBeNull();
  });

  it('cannot be stepped around with .. or backslashes', () => {
    expect(firstMatchingGlob(['.env'], '/w/app/x/../.env')).toBe('.env');
    expect(firstMatchingGlob(['**/secrets/**'], 'C:\\w\\secrets\\k.txt')).toBe('**/secrets/**');
    expect(normalizePath('/a/./b/../c')).toBe('/a/c');
  });

  it('rejects malformed globs', () => {
    for (const bad of ['', '[abc', '{a,b', 'a}', '{a,{b}}', 'x'.repeat(600)]) expect(() => compileGlob(bad), bad).toThrow();
  });
});

describe('versions', () => {
  it('orders releases and pre-releases as semver does', () => {
    expect(isVersion('1.2.3-beta.1')).toBe(true);
    expect(isVersion('1.2')).toBe(false);
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-1')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0+build', '2.0.0')).toBe(0);
  });
});

describe('extension allow-list', () => {
  const map = { '*': false, microsoft: true, 'esbenp.prettier-vscode': ['11.0.0'], 'microsoft.bad': false };
  it('lets the most specific entry decide', () => {
    expect(checkExtension(map, 'microsoft.python', '1.0.0').allowed).toBe(true);
    expect(checkExtension(map, 'Microsoft.Bad', '1.0.0').allowed).toBe(false);
    expect(checkExtension(map, 'esbenp.prettier-vscode', '11.0.0').allowed).toBe(true);
    expect(checkExtension(map, 'esbenp.prettier-vscode', '10.0.0').allowed).toBe(false);
    expect(checkExtension(map, 'esbenp.prettier-vscode', null).allowed).toBe(false);
    expect(checkExtension(map, 'random.thing', '1.0.0')).toMatchObject({ allowed: false, entry: '*' });
    expect(checkExtension({}, 'random.thing', null).allowed).toBe(true);
  });

  it('combines maps so that the stricter entry wins', () => {
    expect(mergeExtensionMaps([{ a: true, 'b.c': ['1.0.0', '2.0.0'], d: true }, { A: false, 'b.c': ['2.0.0', '3.0.0'], d: ['1.0.0'], e: true }])).toEqual({
      a: false,
      'b.c': ['2.0.0'],
      d: ['1.0.0'],
      e: true,
    });
  });
});
