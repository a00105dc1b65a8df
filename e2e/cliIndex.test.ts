import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/serveProcess.js';

const cli = resolve(repoRoot, 'apps/cli/dist/main.js');

const FILES: Record<string, string> = {
  'src/editor.ts': 'export class Editor {\n  goToDefinition(name: string) {\n    return render(name);\n  }\n}\n// café: render twice, Render once\nexport function render(x: string) {\n  return x;\n}\n',
  'src/util/strings.ts': 'export function trimEnd(s: string) {\n  return s.trimEnd();\n}\nexport const MAX_LENGTH = 80;\n',
  'tools/build.py': 'class Builder:\n    def run(self):\n        render()\n',
  'lib/main.go': 'package lib\n\nfunc Render() {}\n',
  'README.md': 'Editor docs: rendering and render.\n',
  '.gitignore': 'build/\n',
  // Neither is indexed nor searched: node_modules by the default excludes, build/ by .gitignore.
  'node_modules/dep/index.js': 'function render() {}\n',
  'build/out.js': 'function render() {}\n',
};
const INDEXED = ['.gitignore', 'README.md', 'lib/main.go', 'src/editor.ts', 'src/util/strings.ts', 'tools/build.py'];

let base: string;
let dir: string;

function marie(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: base, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(base, 'cache') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function json(args: string[]): unknown {
  const r = marie([...args, '--json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-cli-index-')));
  dir = join(base, 'proj');
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
});

/** ripgrep's hits on the same files as "path:line:column" (1-based, UTF-16 columns). */
function rgHits(args: string[]): string[] {
  const rg = spawnSync('rg', ['--json', '--no-config', '--hidden', '--no-require-git', '-g', '!.git', '-g', '!node_modules/', ...args, '.'], { cwd: dir, encoding: 'utf8' });
  expect([0, 1]).toContain(rg.status);
  const hits: string[] = [];
  for (const line of rg.stdout.split('\n')) {
    if (!line.startsWith('{"type":"match"')) continue;
    const data = JSON.parse(line).data as { path: { text: string }; line_number: number; lines: { text: string }; submatches: { start: number }[] };
    for (const sub of data.submatches) {
      const column = Buffer.from(data.lines.text).subarray(0, sub.start).toString('utf8').length + 1;
      hits.push(`${data.path.text.replace(/^\.\//u, '')}:${data.line_number}:${column}`);
    }
  }
  return hits.sort();
}

function grepHits(args: string[]): string[] {
  return (json(['grep', ...args, '--dir', dir]) as { path: string; line: number; column: number }[]).map((h) => `${h.path}:${h.line}:${h.column}`).sort();
}

describe('marie index commands', () => {
  it('index builds a persisted index, then reuses it', () => {
    const bytes = INDEXED.reduce((n, rel) => n + statSync(join(dir, rel)).size, 0);
    const first = json(['index', dir]) as Record<string, unknown>;
    expect(first).toMatchObject({ files: INDEXED.length, bytes, symbols: 9, phase: 'ready', quarantined: 0, reused: false, role: 'writer' });
    expect(first.durationMs).toEqual(expect.any(Number));
    expect(first.indexPath).toMatch(new RegExp(`^${join(base, 'cache', 'marieide', 'index')}/[0-9a-f]{20}/index\\.db$`));
    const second = json(['index', dir]) as Record<string, unknown>;
    expect(second).toMatchObject({ files: INDEXED.length, bytes, symbols: 9, reused: true, indexPath: first.indexPath });
    // No progress bar when stderr is not a terminal; a human summary on stdout.
    const human = marie(['index', dir]);
    expect(human.err).toBe('');
    expect(human.out).toMatch(/^6 files \(0\.4 KB\), 9 symbols in \d+\.\d s \(index reused\)\nindex: /u);
  });

  it('draws a progress bar on stderr when it is a terminal', () => {
    // util-linux `script` gives the command a pseudo-terminal; a fresh cache forces a build.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} index ${JSON.stringify(dir)}`;
    const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], { cwd: base, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(base, 'tty-cache') } });
    expect(r.status).toBe(0);
    // Each redraw returns to the line start and clears it (ESC [2K).
    expect(r.stdout).toContain('\r\x1b[2K');
    expect(r.stdout).toMatch(/(discovering|parsing|storing) +\[[#-]{24}\] \d+\/\d+ files {2}\d+ files\/s/u);
    expect(r.stdout).toContain('6 files (0.4 KB), 9 symbols');
  });

  it('files: fuzzy file search with relative paths', () => {
    expect(json(['files', 'strs', '--dir', dir])).toEqual([{ path: 'src/util/strings.ts', score: expect.any(Number) }]);
    expect(marie(['files', 'edit', '--dir', dir]).out).toBe('src/editor.ts\n');
    expect(json(['files', 'index.js', '--dir', dir])).toEqual([]);
  });

  it('symbols: fuzzy search, kind filter, 1-based positions', () => {
    expect(json(['symbols', 'gTD', '--dir', dir])).toEqual([{ name: 'goToDefinition', kind: 'method', path: 'src/editor.ts', line: 2, column: 3, container: 'Editor' }]);
    expect(json(['symbols', 'render', '--kind', 'function', '--dir', dir])).toEqual(
      expect.arrayContaining([
        { name: 'render', kind: 'function', path: 'src/editor.ts', line: 7, column: 17, container: null },
        { name: 'Render', kind: 'function', path: 'lib/main.go', line: 3, column: 6, container: null },
      ]),
    );
    expect(json(['symbols', 'Builder', '--kind', 'method', '--dir', dir])).toEqual([]);
    expect(marie(['symbols', 'MAX', '--dir', dir]).out).toBe('src/util/strings.ts:4:14  constant MAX_LENGTH\n');
  });

  it('symbols --all --jsonl streams every definition in path and source order', () => {
    const r = marie(['symbols', '--all', '--dir', dir, '--jsonl']);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([
      { name: 'lib', kind: 'module', path: 'lib/main.go', line: 1, column: 9, container: null },
      { name: 'Render', kind: 'function', path: 'lib/main.go', line: 3, column: 6, container: null },
      { name: 'Editor', kind: 'class', path: 'src/editor.ts', line: 1, column: 14, container: null },
      { name: 'goToDefinition', kind: 'method', path: 'src/editor.ts', line: 2, column: 3, container: 'Editor' },
      { name: 'render', kind: 'function', path: 'src/editor.ts', line: 7, column: 17, container: null },
      { name: 'trimEnd', kind: 'function', path: 'src/util/strings.ts', line: 1, column: 17, container: null },
      { name: 'MAX_LENGTH', kind: 'constant', path: 'src/util/strings.ts', line: 4, column: 14, container: null },
      { name: 'Builder', kind: 'class', path: 'tools/build.py', line: 1, column: 7, container: null },
      { name: 'run', kind: 'method', path: 'tools/build.py', line: 2, column: 9, container: 'Builder' },
    ]);
    const classes = marie(['symbols', '--all', '--kind', 'class', '--dir', dir, '--jsonl']).out.trimEnd().split('\n');
    expect(classes.map((l) => (JSON.parse(l) as { name: string }).name)).toEqual(['Editor', 'Builder']);
  });

  it('def: every definition with exactly that name', () => {
    expect(json(['def', 'render', '--dir', dir])).toEqual([{ name: 'render', kind: 'function', path: 'src/editor.ts', line: 7, column: 17, container: null }]);
    expect(json(['def', 'run', '--dir', dir])).toEqual([{ name: 'run', kind: 'method', path: 'tools/build.py', line: 2, column: 9, container: 'Builder' }]);
    expect(json(['def', 'nothingLikeThis', '--dir', dir])).toEqual([]);
  });

  it('grep: exact hits (a hand-checked list), with text and the cap', () => {
    expect(json(['grep', 'render', '--dir', dir, '--word', '--case-sensitive'])).toEqual([
      { path: 'README.md', line: 1, column: 28, text: 'Editor docs: rendering and render.' },
      { path: 'src/editor.ts', line: 3, column: 12, text: '    return render(name);' },
      { path: 'src/editor.ts', line: 6, column: 10, text: '// café: render twice, Render once' },
      { path: 'src/editor.ts', line: 7, column: 17, text: 'export function render(x: string) {' },
      { path: 'tools/build.py', line: 3, column: 9, text: '        render()' },
    ]);
    expect(grepHits(['render'])).toEqual([
      'README.md:1:14',
      'README.md:1:28',
      'lib/main.go:3:6',
      'src/editor.ts:3:12',
      'src/editor.ts:6:10',
      'src/editor.ts:6:24',
      'src/editor.ts:7:17',
      'tools/build.py:3:9',
    ]);
    expect(grepHits(['Rend\\w+', '--regex', '--case-sensitive'])).toEqual(['lib/main.go:3:6', 'src/editor.ts:6:24']);
    const capped = marie(['grep', 'render', '--dir', dir, '--max', '2', '--json']);
    expect(JSON.parse(capped.out)).toHaveLength(2);
    expect(capped.err).toBe('marie: stopped at 2 matches (--max)\n');
  });

  it('grep finds exactly what ripgrep finds on the same files', () => {
    const cases: [string[], string[]][] = [
      [['render'], ['-F', '-i', '-e', 'render']],
      [['render', '--case-sensitive'], ['-F', '-s', '-e', 'render']],
      [['render', '--word'], ['-F', '-i', '-w', '-e', 'render']],
      [['re[a-z]+\\b', '--regex'], ['-i', '-e', 're[a-z]+\\b']],
      [['^\\s+return', '--regex', '--case-sensitive'], ['-s', '-e', '^\\s+return']],
    ];
    const hasRg = spawnSync('sh', ['-c', 'command -v rg']).status === 0;
    for (const [ours, rg] of cases) {
      const hits = grepHits(ours);
      expect(hits.length).toBeGreaterThan(0);
      if (hasRg) expect(hits, ours.join(' ')).toEqual(rgHits(rg));
    }
  });

  it('refuses bad input with a clear message and a non-zero exit', () => {
    const missing = marie(['files', 'x', '--dir', join(base, 'missing')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('E_NOT_FOUND');
    const regex = marie(['grep', 'a(b', '--regex', '--dir', dir]);
    expect(regex.code).toBe(1);
    expect(regex.err).toMatch(/^marie: Invalid search pattern: .*unclosed group.*\(E_INVALID_INPUT\)\n$/u);
    const kind = marie(['symbols', 'x', '--kind', 'gizmo', '--dir', dir]);
    expect(kind.code).toBe(1);
    expect(kind.err).toContain('Unknown symbol kind "gizmo"');
    expect(marie(['symbols', '--all', '--kind', 'gizmo', '--dir', dir, '--jsonl']).code).toBe(1);
    expect(marie(['grep', 'x', '--max', '0', '--dir', dir]).code).toBe(2);
    expect(marie(['files', '--dir', dir]).code).toBe(2);
    expect(marie(['--help']).out).toContain('marie grep <pattern> [--dir DIR] [--regex]');
  });
});
