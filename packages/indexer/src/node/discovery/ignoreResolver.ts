import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decideIgnored, IgnoreFile, type IgnoreFrame } from '../../common/gitignore.js';

/** File names whose change means ignore decisions may have changed. */
export const IGNORE_FILE_NAMES = new Set(['.gitignore', '.ignore']);

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
 * override everything. `.git` itself is always skipped. Directory frames are cached; call
 * `invalidate()` when an ignore file changes.
 */
export class IgnoreResolver {
  private readonly frames = new Map<string, IgnoreFrame>();
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
    const frames: IgnoreFrame[] = [this.frame('')];
    for (let i = 0; i < parts.length; i++) {
      const sub = parts.slice(0, i + 1).join('/');
      const last = i === parts.length - 1;
      if (this.decide(frames, sub, last ? isDir : true)) return true;
      if (!last) frames.push(this.frame(sub));
    }
    return false;
  }
}
