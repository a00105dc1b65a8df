import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from './support/serveProcess.js';

const cli = resolve(repoRoot, 'apps/cli/dist/main.js');
let root: string;

function marie(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: join(root, '..', 'xdg') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'marie-cli-'));
  root = join(base, 'work');
  spawnSync('mkdir', ['-p', join(root, 'dir'), join(base, 'xdg')]);
  writeFileSync(join(root, 'file10.txt'), 'ten');
  writeFileSync(join(root, 'file2.txt'), 'two');
  writeFileSync(join(base, 'outside.txt'), 'secret');
  symlinkSync(join(base, 'outside.txt'), join(root, 'escape.txt'));
});

describe('marie CLI', () => {
  it('prints help and refuses unknown commands and options with exit code 2', () => {
    expect(marie(['--help']).out).toContain('marie serve [folder]');
    expect(marie(['frobnicate']).code).toBe(2);
    expect(marie(['fs', 'ls', '.', '--bogus']).code).toBe(2);
    expect(marie(['serve', '--port', 'abc']).code).toBe(2);
  });

  it('lists folders first in natural order', () => {
    const r = marie(['fs', 'ls', '.']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean)).toEqual(['dir/', 'escape.txt', 'file2.txt', 'file10.txt']);
  });

  it('cats, writes from stdin atomically, and refuses paths outside the root with a code', () => {
    expect(marie(['fs', 'cat', 'file2.txt']).out).toBe('two');
    expect(marie(['fs', 'write', 'new.txt'], 'from stdin').code).toBe(0);
    expect(readFileSync(join(root, 'new.txt'), 'utf8')).toBe('from stdin');
    const out = marie(['fs', 'cat', '../outside.txt']);
    expect(out.code).toBe(1);
    expect(out.err).toContain('E_PATH_OUTSIDE_ROOT');
    const link = marie(['fs', 'cat', 'escape.txt']);
    expect(link.code).toBe(1);
    expect(link.err).toContain('E_SYMLINK_ESCAPE');
    expect(marie(['fs', 'cat', '/etc/hostname']).err).toContain('E_PATH_OUTSIDE_ROOT');
  });

  it('moves to the trash, renames, and creates', () => {
    expect(marie(['fs', 'mkdir', 'made']).code).toBe(0);
    expect(marie(['fs', 'mv', 'file2.txt', 'made/two.txt']).code).toBe(0);
    expect(readFileSync(join(root, 'made', 'two.txt'), 'utf8')).toBe('two');
    const rm = marie(['fs', 'rm', 'file10.txt']);
    expect(rm.out).toContain('moved to trash');
    expect(existsSync(join(root, 'file10.txt'))).toBe(false);
    expect(existsSync(join(root, '..', 'xdg', 'Trash', 'files', 'file10.txt'))).toBe(true);
  });

  it('serve fails clearly for a folder that does not exist', () => {
    const r = marie(['serve', join(root, 'missing')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/E_NOT_FOUND|does not exist|not found/i);
  });
});
