import { compileGlob, globMatches, type GlobPattern } from './globPattern.js';

export type IgnoreDecision = 'ignore' | 'include';

/** The rules of one ignore file (`.gitignore`, `.ignore`, `.git/info/exclude`). */
export class IgnoreFile {
  constructor(readonly rules: readonly GlobPattern[]) {}

  static parse(text: string): IgnoreFile {
    const rules: GlobPattern[] = [];
    for (const raw of text.split('\n')) {
      const line = trimLine(raw);
      if (line === '' || line.startsWith('#')) continue;
      try {
        rules.push(compileGlob(line));
      } catch {
        // git skips a line it cannot parse; so do we.
      }
    }
    return new IgnoreFile(rules);
  }

  /** The last rule that matches decides, as in git. `undefined` when none matches. */
  match(relPath: string, isDir: boolean): IgnoreDecision | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if (globMatches(rule, relPath, isDir)) return rule.negated ? 'include' : 'ignore';
    }
    return undefined;
  }
}

/** Trailing whitespace is dropped unless escaped with a backslash (git's rule; '\r' included). */
function trimLine(raw: string): string {
  let end = raw.length;
  while (end > 0 && /\s/u.test(raw[end - 1]!)) {
    if (end >= 2 && raw[end - 2] === '\\' && raw[end - 1] === ' ') break;
    end--;
  }
  return raw.slice(0, end);
}

/** The ignore files found in one directory of the walk. */
export interface IgnoreFrame {
  /** The directory, relative to the walk root ('' for the root). */
  readonly dir: string;
  /**
   * For a directory above the walk root (its repository's ignore files apply inside it):
   * the walk root's path relative to that directory, with a trailing '/'.
   */
  readonly prefix?: string;
  readonly dotIgnore?: IgnoreFile;
  readonly gitIgnore?: IgnoreFile;
  /** `.git/info/exclude`, present on the frame of a repository's top directory. */
  readonly gitExclude?: IgnoreFile;
  /** The directory holds `.git`: gitignore files above it do not apply inside it. */
  readonly isRepoRoot: boolean;
}

/**
 * Decides whether a path is ignored by the frames of its ancestor directories (deepest
 * last), with ripgrep's precedence: `.ignore` over `.gitignore` over `.git/info/exclude`;
 * within one kind the deepest file with a matching rule decides; gitignore rules stop at
 * the nearest repository root.
 */
export function decideIgnored(frames: readonly IgnoreFrame[], relPath: string, isDir: boolean): boolean {
  let dotIgnore: IgnoreDecision | undefined;
  let gitIgnore: IgnoreDecision | undefined;
  let gitExclude: IgnoreDecision | undefined;
  let inRepo = true;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    // Most directories have no ignore file: the path relative to this one is made only when needed.
    let local: string | undefined;
    const rel = (): string => (local ??= frame.prefix !== undefined ? frame.prefix + relPath : frame.dir === '' ? relPath : relPath.slice(frame.dir.length + 1));
    if (dotIgnore === undefined && frame.dotIgnore) dotIgnore = frame.dotIgnore.match(rel(), isDir);
    if (inRepo) {
      if (gitIgnore === undefined && frame.gitIgnore) gitIgnore = frame.gitIgnore.match(rel(), isDir);
      if (gitExclude === undefined && frame.gitExclude) gitExclude = frame.gitExclude.match(rel(), isDir);
      if (frame.isRepoRoot) inRepo = false;
    }
  }
  return (dotIgnore ?? gitIgnore ?? gitExclude) === 'ignore';
}
