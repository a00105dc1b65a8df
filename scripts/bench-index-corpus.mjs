// The benchmark corpus for `pnpm bench:index`: real source files from the project's own
// installed dependencies (node_modules/.pnpm, the pinned pnpm in .tools, the system's npm and
// Python standard library), copied into distinct folders until there are enough of them.
//
// Each copy gets its own first line (a comment naming the copy), so no two files share
// bytes: the index's content-hash deduplication must not make us look faster than ctags,
// which parses every file. Built once into a cache folder and reused while its recipe (the
// marker file) matches; sources are visited in sorted order, so the corpus is the same on
// every run of the same machine.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { walkFiles } from '../packages/indexer/bench-index/walkFiles.mjs';

const RECIPE_VERSION = 1;

/** Extensions both we and universal-ctags parse, with the line-comment token for the copy marker. */
const COMMENT = {
  '.js': '//', '.mjs': '//', '.cjs': '//', '.jsx': '//', '.ts': '//', '.mts': '//', '.cts': '//', '.tsx': '//',
  '.c': '//', '.h': '//', '.cc': '//', '.cpp': '//', '.hpp': '//', '.go': '//', '.rs': '//', '.java': '//', '.cs': '//',
  '.py': '#', '.rb': '#', '.sh': '#', '.bash': '#',
};

export function defaultCacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'marieide-bench');
}

function sourceRoots(repo) {
  const python = existsSync('/usr/lib') ? readdirSync('/usr/lib').filter((n) => /^python3\.\d+$/.test(n)).map((n) => join('/usr/lib', n)) : [];
  const roots = [
    { label: 'pnpm', dir: join(repo, 'node_modules/.pnpm') },
    { label: 'tools', dir: join(repo, '.tools/node_modules') },
    { label: 'npm', dir: '/usr/lib/node_modules' },
    ...python.map((dir) => ({ label: dir.slice('/usr/lib/'.length), dir })),
  ];
  return roots.filter((r) => existsSync(r.dir));
}

/** Every source file under the roots, sorted; symlinks are not followed (pnpm links packages). */
function listSources(repo, maxBytes) {
  const out = [];
  for (const root of sourceRoots(repo)) {
    walkFiles(root.dir, (path, name) => {
      if (COMMENT[ext(name)] && statSync(path).size <= maxBytes) out.push({ path, rel: join(root.label, relative(root.dir, path)) });
    });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function ext(name) {
  return extname(name).toLowerCase();
}

/**
 * Folder names no tool should treat specially: hidden segments are renamed (ripgrep skips
 * them without --hidden) and so is node_modules (some tools skip it by default).
 */
function safeRel(rel) {
  return rel
    .split('/')
    .map((s) => (s === 'node_modules' ? 'nm' : s.startsWith('.') ? `_${s.slice(1)}` : s))
    .join('/');
}

/**
 * Builds (or reuses) the corpus and describes it. `files`: how many to have at least;
 * `maxBytes`: largest source file taken.
 */
export function ensureCorpus({ repo, cacheDir, files, maxBytes, log = () => {} }) {
  const dir = join(cacheDir, `corpus-v${RECIPE_VERSION}-${files}-${Math.round(maxBytes / 1024)}k`);
  // Outside the corpus, so no tool indexes it.
  const marker = `${dir}.json`;
  if (existsSync(marker)) return { dir, ...JSON.parse(readFileSync(marker, 'utf8')), reused: true };
  const sources = listSources(repo, maxBytes);
  if (sources.length === 0) throw new Error('no source files found under node_modules/.pnpm: run pnpm install first');
  log(`building the corpus in ${dir} from ${sources.length} source files…`);
  const building = `${dir}.partial`;
  rmSync(building, { recursive: true, force: true });
  const byExtension = {};
  let written = 0;
  let bytes = 0;
  let copies = 0;
  for (let copy = 0; written < files; copy++) {
    copies = copy + 1;
    for (const src of sources) {
      if (written >= files) break;
      const e = ext(src.path);
      const dest = join(building, `copy${copy}`, safeRel(src.rel));
      mkdirSync(dirname(dest), { recursive: true });
      const body = Buffer.concat([Buffer.from(`${COMMENT[e]} marie bench copy ${copy}\n`), readFileSync(src.path)]);
      writeFileSync(dest, body);
      written++;
      bytes += body.length;
      byExtension[e] = (byExtension[e] ?? 0) + 1;
    }
  }
  const description = { files: written, bytes, distinctSources: sources.length, copies, maxFileBytes: maxBytes, byExtension, roots: sourceRoots(repo).map((r) => r.dir) };
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  writeFileSync(marker, JSON.stringify(description));
  return { dir, ...description, reused: false };
}

/** Files and bytes under a directory given on the command line (symlinks not followed, .git skipped). */
export function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  walkFiles(dir, (path) => {
    files++;
    bytes += statSync(path).size;
  });
  return { files, bytes };
}
