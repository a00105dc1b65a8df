// The native directory lister (native/tags.c `listDir`) against the `fs` one: the same
// names in the same order, kinds, sizes and mtimes (to the bit, as `Stats.mtimeMs`), and
// the same walk over a tree with symlinks, odd names and sub-millisecond mtimes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IgnoreResolver } from './ignoreResolver.js';
import { EntryKind, F_KIND, F_MTIME, LIST_FIELDS, listDirJs, nativeListDir, type ListDir } from './listDir.js';
import { walk, type WalkedFile, type WalkIssue, type WalkRoot } from './walker.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const NAMES = ['b.ts', 'B.ts', 'a b.js', '_x.py', '.hidden', 'é.rs', '日本.go', 'z-1', 'z.1', '10', '9', '#h', 'emoji-😀.c'];

/** A tree with files of several sizes and mtimes (whole and fractional seconds), dirs, symlinks and a FIFO. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'marie-listdir-'));
  dirs.push(root);
  const stamps = [0, 1_000_000_000.123_456, 1_700_000_000.5, 1_732_637_282.999_999, 2_000_000_000.000_001];
  let n = 0;
  for (const dir of ['', 'sub', 'sub/deeper', 'other']) {
    for (const name of NAMES) {
      const path = join(root, dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, 'x'.repeat(n * 37));
      const t = stamps[n++ % stamps.length]!;
      utimesSync(path, t, t);
    }
  }
  mkdirSync(join(root, 'empty'));
  symlinkSync(join(root, 'sub'), join(root, 'link-to-dir'));
  symlinkSync(join(root, 'b.ts'), join(root, 'link-to-file'));
  symlinkSync(join(root, 'missing'), join(root, 'dangling'));
  symlinkSync(root, join(root, 'sub', 'loop'));
  symlinkSync(tmpdir(), join(root, 'outside'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  return root;
}

function native(): ListDir {
  const list = nativeListDir();
  expect(list, 'native/build/Release/marie_tags.node is missing or predates listDir: warm starts fall back to fs').toBeDefined();
  return list!;
}

async function walked(root: string, listDir: ListDir): Promise<{ files: WalkedFile[]; issues: WalkIssue[] }> {
  const walkRoot: WalkRoot = { index: 0, path: root, realPath: realpathSync(root), ignore: new IgnoreResolver(root, ['other/z*']) };
  const files: WalkedFile[] = [];
  const issues: WalkIssue[] = [];
  await walk({ allRoots: [walkRoot], start: [{ root: walkRoot, rel: '' }], listDir, onFile: (f) => files.push(f), onIssue: (i) => issues.push(i) });
  return { files, issues };
}

describe('listDir', () => {
  it('lists every directory as fs does, to the bit', () => {
    const root = tree();
    const list = native();
    for (const dir of ['', 'sub', 'sub/deeper', 'other', 'empty']) {
      const a = listDirJs(join(root, dir));
      const b = list(join(root, dir));
      expect(b.names).toEqual(a.names);
      expect([...b.info]).toEqual([...a.info]);
    }
    const top = list(root);
    const kind = (name: string): number => top.info[top.names.indexOf(name) * LIST_FIELDS + F_KIND]!;
    expect([kind('sub'), kind('b.ts'), kind('link-to-file'), kind('dangling'), kind('fifo')]).toEqual([EntryKind.Dir, EntryKind.File, EntryKind.Symlink, EntryKind.Symlink, EntryKind.Other]);
    // Sub-millisecond mtimes survive (the JS side forms them from seconds and nanoseconds).
    const mtimes = NAMES.map((n) => top.info[top.names.indexOf(n) * LIST_FIELDS + F_MTIME]!);
    expect(mtimes.some((m) => !Number.isInteger(m))).toBe(true);
  });

  it('throws for a directory it cannot list, as fs does', () => {
    const root = tree();
    for (const list of [listDirJs, native()]) {
      expect(() => list(join(root, 'no-such-dir'))).toThrow();
      expect(() => list(join(root, 'b.ts'))).toThrow();
    }
  });

  it('gives the walk the same files, sizes, mtimes and issues', async () => {
    const root = tree();
    const a = await walked(root, listDirJs);
    const b = await walked(root, native());
    expect(a.files.length).toBeGreaterThan(NAMES.length * 3);
    expect(new Set(a.issues.map((i) => i.kind))).toEqual(new Set(['symlink-loop', 'symlink-outside']));
    expect(a.files.some((f) => f.rel === 'link-to-file') && a.files.some((f) => f.rel.startsWith('link-to-dir/'))).toBe(true);
    expect(b).toEqual(a);
  });
});
