import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IgnoreResolver } from './ignoreResolver.js';
import { walk, type WalkIssue, type WalkRoot } from './walker.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'marie-walk-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

async function listed(root: string, excludes: string[] = []): Promise<{ files: string[]; issues: WalkIssue[] }> {
  const walkRoot: WalkRoot = { index: 0, path: root, realPath: realpathSync(root), ignore: new IgnoreResolver(root, excludes) };
  const files: string[] = [];
  const issues: WalkIssue[] = [];
  await walk({ allRoots: [walkRoot], start: [{ root: walkRoot, rel: '' }], onFile: (f) => files.push(f.rel), onIssue: (i) => issues.push(i) });
  return { files: files.sort(), issues };
}

/** `rg --files` in `root`; `scope` (by default: no parents' ignore files, none required to be in a repository) as a test needs. */
function rgFiles(root: string, scope: string[] = ['--no-require-git', '--no-ignore-parent']): string[] {
  const run = spawnSync('rg', ['--files', '--no-config', '--hidden', ...scope, '--no-ignore-global', '-g', '!.git'], { cwd: root });
  return run.stdout.toString('utf8').split('\n').filter(Boolean).sort();
}

describe('discovery', () => {
  it('honours ignore files exactly as ripgrep does', async () => {
    const root = tree({
      '.gitignore': '*.log\n!keep.log\nbuild/\n/anchored.txt\ndocs/**/*.tmp\n\\#literal.txt\n# comment\n\nspaced.txt   \nnode_modules\n',
      '.ignore': 'secret/\n!important.log\n',
      '.git/info/exclude': 'excluded-by-info.txt\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.hidden.txt': 'x',
      'a.log': 'x',
      'keep.log': 'x',
      'important.log': 'x',
      'anchored.txt': 'x',
      'sub/anchored.txt': 'x',
      'build/out.js': 'x',
      'sub/build/out.js': 'x',
      'docs/a/b/c.tmp': 'x',
      'docs/c.tmp': 'x',
      'docs/readme.md': 'x',
      '#literal.txt': 'x',
      'spaced.txt': 'x',
      'node_modules/pkg/index.js': 'x',
      'secret/key.txt': 'x',
      'excluded-by-info.txt': 'x',
      'sub/excluded-by-info.txt': 'x',
      'a/.gitignore': 'z*\n!zz.txt\n/local-only\n',
      'a/z1': 'x',
      'a/zz.txt': 'x',
      'a/local-only': 'x',
      'a/b/local-only': 'x',
      'a/b/.gitignore': '!*.log\n',
      'a/b/deep.log': 'x',
      'a/b/z2': 'x',
      'nested/.git/HEAD': 'x',
      'nested/x.log': 'x',
      'nested/.gitignore': 'only-here.txt\n',
      'nested/only-here.txt': 'x',
      'nested/kept.txt': 'x',
      'src/index.ts': 'x',
      'src/.ignore': '*.gen.ts\n',
      'src/api.gen.ts': 'x',
    });
    const ours = (await listed(root)).files;
    expect(ours).toEqual(rgFiles(root));
    // And the cases the tree is about, spelled out.
    expect(ours).toEqual(expect.arrayContaining(['keep.log', 'important.log', 'sub/anchored.txt', 'docs/readme.md', 'a/zz.txt', 'a/b/local-only', 'a/b/deep.log', 'nested/x.log', '.hidden.txt']));
    for (const gone of ['a.log', 'anchored.txt', 'build/out.js', 'sub/build/out.js', 'docs/a/b/c.tmp', 'docs/c.tmp', '#literal.txt', 'spaced.txt', 'sub/excluded-by-info.txt', 'node_modules/pkg/index.js', 'secret/key.txt', 'excluded-by-info.txt', 'a/z1', 'a/local-only', 'a/b/z2', 'nested/only-here.txt', 'src/api.gen.ts', '.git/HEAD']) {
      expect(ours).not.toContain(gone);
    }
  });

  it('honours the ignore files above a root inside a repository, as ripgrep does', async () => {
    const repo = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': 'from-info.txt\n',
      '.gitignore': 'dist/\n*.log\n!keep.log\n/top-only.txt\npackages/app/anchored.txt\n',
      'packages/.gitignore': '*.gen.ts\n',
      'packages/.ignore': 'scratch/\n',
      'packages/app/src/main.ts': 'x',
      'packages/app/src/api.gen.ts': 'x',
      'packages/app/dist/out.js': 'x',
      'packages/app/a.log': 'x',
      'packages/app/keep.log': 'x',
      'packages/app/top-only.txt': 'x',
      'packages/app/anchored.txt': 'x',
      'packages/app/sub/anchored.txt': 'x',
      'packages/app/from-info.txt': 'x',
      'packages/app/scratch/notes.md': 'x',
      'packages/app/.gitignore': '!*.gen.ts\n',
      'packages/app/gen/kept.gen.ts': 'x',
    });
    const root = join(repo, 'packages/app');
    const ours = (await listed(root)).files;
    expect(ours).toEqual(rgFiles(root, []));
    expect(ours).toEqual(['.gitignore', 'gen/kept.gen.ts', 'keep.log', 'src/api.gen.ts', 'src/main.ts', 'sub/anchored.txt', 'top-only.txt'].sort());
  });

  it('reads no ignore file above a root that is a repository or in none', async () => {
    const outer = tree({ '.gitignore': '*.ts\n', 'inner/.git/HEAD': 'x', 'inner/a.ts': 'x', 'plain/b.ts': 'x' });
    expect((await listed(join(outer, 'inner'))).files).toEqual(['a.ts']);
    // `outer` is no repository: its .gitignore is nobody's.
    expect((await listed(join(outer, 'plain'))).files).toEqual(['b.ts']);
  });

  it('applies workspace excludes over everything', async () => {
    const root = tree({ '.gitignore': '!keep.min.js\n', 'a/keep.min.js': 'x', 'a/x.js': 'x', 'vendor/lib.js': 'x', 'deep/vendor/y.js': 'x', 'z.txt': 'x' });
    expect((await listed(root, ['*.min.js', 'vendor/'])).files).toEqual(['.gitignore', 'a/x.js', 'z.txt']);
    expect((await listed(root, ['/vendor/'])).files).toEqual(['.gitignore', 'a/keep.min.js', 'a/x.js', 'deep/vendor/y.js', 'z.txt']);
  });

  it('names the excluded folders a watcher may skip: plain names and paths from the settings, not globs nor re-included ones', () => {
    const resolver = new IgnoreResolver('/w', ['node_modules/', '/build/out/', '*.log', 'dist', '!dist', 'docs/**/tmp', 'vendor?']);
    expect(resolver.watcherSkips()).toEqual(['node_modules', 'build/out']);
  });

  it('follows symlinks inside the roots only and stops at loops', async () => {
    const outside = tree({ 'secret.txt': 'x', 'dir/file.txt': 'x' });
    const root = tree({ 'a/file.txt': 'x', 'b/other.txt': 'x' });
    symlinkSync(outside, join(root, 'escape-dir'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'escape-file.txt'));
    symlinkSync(root, join(root, 'a/loop-to-root'));
    symlinkSync(join(root, 'a'), join(root, 'a/self'));
    symlinkSync(join(root, 'b'), join(root, 'a/to-b'));
    symlinkSync(join(root, 'b/other.txt'), join(root, 'link.txt'));
    symlinkSync(join(root, 'missing'), join(root, 'dangling'));
    const { files, issues } = await listed(root);
    expect(files).toEqual(['a/file.txt', 'a/to-b/other.txt', 'b/other.txt', 'link.txt']);
    const kinds = issues.map((i) => `${i.kind}:${i.path.slice(root.length + 1)}`).sort();
    expect(kinds).toEqual(['symlink-loop:a/loop-to-root', 'symlink-loop:a/self', 'symlink-outside:escape-dir', 'symlink-outside:escape-file.txt']);
  });

  // Its speed is measured by `pnpm bench:index` (quick open on the whole tree), not timed here.
  it('walks 20,000 files in 420 folders, each once', async () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 400; d++) for (let f = 0; f < 50; f++) files[`d${d % 20}/e${d}/f${f}.ts`] = '';
    const root = tree(files);
    const { files: found } = await listed(root);
    expect(found.length).toBe(20_000);
    expect(new Set(found)).toEqual(new Set(Object.keys(files)));
  });
});
