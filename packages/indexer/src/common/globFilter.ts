import { compileGlob, globMatches, type GlobPattern } from './globPattern.js';

/**
 * Include/exclude globs for find in files, with ripgrep's `--glob` semantics so results
 * can be checked against it: globs are considered in order and the last one that matches
 * decides; a directory excluded that way excludes everything under it; when any include
 * glob exists, a file that matches none is left out.
 */
export class GlobFilter {
  private readonly globs: GlobPattern[];
  private readonly hasIncludes: boolean;

  constructor(includes: readonly string[] = [], excludes: readonly string[] = []) {
    this.globs = [...includes.map((g) => compileGlob(g)), ...excludes.map((g) => compileGlob(`!${g}`))];
    this.hasIncludes = includes.length > 0;
  }

  get isEmpty(): boolean {
    return this.globs.length === 0;
  }

  /** Is the file at `relPath` (relative to its root, '/'-separated) searched? */
  accepts(relPath: string): boolean {
    if (this.globs.length === 0) return true;
    for (let slash = relPath.indexOf('/'); slash >= 0; slash = relPath.indexOf('/', slash + 1)) {
      if (this.decide(relPath.slice(0, slash), true) === false) return false;
    }
    const own = this.decide(relPath, false);
    return own ?? !this.hasIncludes;
  }

  private decide(path: string, isDir: boolean): boolean | undefined {
    for (let i = this.globs.length - 1; i >= 0; i--) {
      const glob = this.globs[i]!;
      if (globMatches(glob, path, isDir)) return !glob.negated;
    }
    return undefined;
  }
}
