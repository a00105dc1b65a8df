import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { decideIgnored, IgnoreFile, type IgnoreFrame } from '../../common/gitignore.js';

/** File names whose change means ignore decisions may have changed. */
const IGNORE_FILE_NAMES = new Set(['.gitignore', '.ignore']);

/** True for a file that holds ignore rules (`.gitignore`, `.ignore`, a repository's `info/exclude`), by its path ('/'-separated or the system's). */
export function isIgnoreRulesFile(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(sep)) + 1);
  return IGNORE_FILE_NAMES.has(name) || /[/\\]\.git[/\\]info[/\\]exclude$/u.test(path);
}

interface Ancestry {
  frames: IgnoreFrame[];
  /** The folders whose ignore files decide for the root, and the repository's `.git/info`. */
  dirs: string[];
  /** The folders a watcher watches for the root (see ancestorWatchDirs). */
  watched: string[];
}

function readIgnoreFile(path: string): IgnoreFile | undefined {
  try {
    return IgnoreFile.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Answers "is this path ignored?" for a workspace root: `.gitignore` (nested, with
 * negations), `.ignore`, `.git/info/exclude`, then the workspace's exclude globs, which
 * override everything. `.git` itself is always skipped. A root inside a repository (a
 * package of a monorepo, say) also honours the ignore files of the folders above it up to
 * the repository's top, as git and ripgrep do. Directory frames are cached; call
 * `invalidate()` when an ignore file changes.
 */
export class IgnoreResolver {
  private readonly frames = new Map<string, IgnoreFrame>();
  /** The frames above the root and their folders, absolute, with the repository's `.git/info` (see ancestorFrames). */
  private ancestry: Ancestry | undefined;
  private readonly excludes: IgnoreFile;

  constructor(
    private readonly rootPath: string,
    private readonly excludePatterns: readonly string[],
    private readonly useIgnoreFiles = true,
  ) {
    this.excludes = IgnoreFile.parse(excludePatterns.join('\n'));
  }

  /**
   * Root-relative folders the workspace excludes by a plain name or path (`node_modules/`,
   * `/build/out/`), which the watcher need not crawl nor watch: nothing under an excluded
   * folder is indexed. From the exclude settings only: ignore files can change while the
   * watcher runs, settings reopen the index.
   */
  watcherSkips(): string[] {
    const skips: string[] = [];
    for (const pattern of this.excludePatterns) {
      const rel = pattern.trim().replace(/^\/+|\/+$/gu, '');
      if (rel === '' || /[*?[\]!\\]/u.test(pattern)) continue;
      if (this.excludes.match(rel, true) === 'ignore') skips.push(rel);
    }
    return skips;
  }

  invalidate(): void {
    this.frames.clear();
    this.ancestry = undefined;
  }

  /**
   * The frames of the folders above the root (outermost first), up to the top of the
   * repository the root lies in; none when the root is a repository's top or in no
   * repository (ripgrep too reads parents' .gitignore only inside one).
   */
  ancestorFrames(): readonly IgnoreFrame[] {
    return this.ancestryOf().frames;
  }

  private ancestryOf(): Ancestry {
    if (this.ancestry) return this.ancestry;
    const found: IgnoreFrame[] = [];
    const dirs: string[] = [];
    const above: string[] = [];
    if (this.useIgnoreFiles && !exists(join(this.rootPath, '.git'))) {
      for (let dir = dirname(this.rootPath); ; dir = dirname(dir)) {
        above.push(dir);
        const isRepoRoot = exists(join(dir, '.git'));
        const prefix = `${relative(dir, this.rootPath).split(sep).join('/')}/`;
        const gitExclude = isRepoRoot ? readIgnoreFile(join(dir, '.git', 'info', 'exclude')) : undefined;
        found.unshift({ dir: '..', prefix, isRepoRoot, dotIgnore: readIgnoreFile(join(dir, '.ignore')), gitIgnore: readIgnoreFile(join(dir, '.gitignore')), gitExclude });
        dirs.push(dir);
        if (isRepoRoot) {
          dirs.push(join(dir, '.git', 'info'));
          break;
        }
        if (dirname(dir) === dir) {
          found.length = dirs.length = 0; // no repository above
          break;
        }
      }
    }
    // In no repository, a `git init` in any folder above would put the root in one: watch them all.
    return (this.ancestry = { frames: found, dirs, watched: dirs.length > 0 ? dirs : above });
  }

  /**
   * Folders outside the root that a watcher placed by the walk watches too: those whose
   * ignore files decide for it (see ancestorFrames), so an edit there is seen live, or, in
   * no repository, every folder above it, so a new repository above is seen.
   */
  ancestorWatchDirs(): readonly string[] {
    return this.ancestryOf().watched;
  }

  /**
   * True when `path` (absolute, outside the root) changes what decides for the root: an
   * ignore file above it that decides for it, or a `.git` made or removed in a watched
   * folder above it (the repository it lies in changed).
   */
  isAncestorChange(path: string): boolean {
    const { dirs, watched } = this.ancestryOf();
    if (basename(path) === '.git') return watched.includes(dirname(path));
    return isIgnoreRulesFile(path) && dirs.includes(dirname(path));
  }

  /** The frames that decide entries of the root itself: those above it, then its own. */
  rootFrames(): IgnoreFrame[] {
    return [...this.ancestorFrames(), this.frame('')];
  }

  /** The frame of a directory (relative to the root; '' for the root itself); `contains` answers from a listing already made. */
  frame(relDir: string, contains?: (name: string) => boolean): IgnoreFrame {
    let f = this.frames.get(relDir);
    if (f) return f;
    const abs = (): string => (relDir === '' ? this.rootPath : join(this.rootPath, relDir));
    const has = contains ?? ((name: string): boolean => exists(join(abs(), name)));
    const isRepoRoot = has('.git');
    f = {
      dir: relDir,
      isRepoRoot,
      dotIgnore: this.useIgnoreFiles && has('.ignore') ? readIgnoreFile(join(abs(), '.ignore')) : undefined,
      gitIgnore: this.useIgnoreFiles && has('.gitignore') ? readIgnoreFile(join(abs(), '.gitignore')) : undefined,
      gitExclude: this.useIgnoreFiles && isRepoRoot ? readIgnoreFile(join(abs(), '.git', 'info', 'exclude')) : undefined,
    };
    this.frames.set(relDir, f);
    return f;
  }

  /** Decides one entry given the frames of its ancestors (root first, its parent last). */
  decide(frames: readonly IgnoreFrame[], rel: string, isDir: boolean): boolean {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (name === '.git') return true;
    const excluded = this.excludes.match(rel, isDir);
    if (excluded !== undefined) return excluded === 'ignore';
    return decideIgnored(frames, rel, isDir);
  }

  /** Is `rel` ignored, itself or through an ignored ancestor directory? (For watcher events.) */
  isIgnored(rel: string, isDir: boolean): boolean {
    const parts = rel.split('/');
    const frames: IgnoreFrame[] = this.rootFrames();
    for (let i = 0; i < parts.length; i++) {
      const sub = parts.slice(0, i + 1).join('/');
      const last = i === parts.length - 1;
      if (this.decide(frames, sub, last ? isDir : true)) return true;
      if (!last) frames.push(this.frame(sub));
    }
    return false;
  }
}
