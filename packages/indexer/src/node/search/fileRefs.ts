import { join, sep } from 'node:path';
import type { FileRef } from '../../common/searchTypes.js';

/** Turns (root index, relative path) into the absolute paths searches return. */
export class FileRefs {
  constructor(readonly rootPaths: readonly string[]) {}

  ref(root: number, rel: string): FileRef {
    const rootPath = this.rootPaths[root]!;
    // Roots are absolute and normalized, relative paths clean: plain concatenation is
    // exact on POSIX and much cheaper than join() for thousands of hits.
    const path = sep === '/' ? (rootPath.endsWith('/') ? rootPath + rel : `${rootPath}/${rel}`) : join(rootPath, ...rel.split('/'));
    return { path, root: rootPath, relativePath: rel };
  }

  /** The root index and '/'-separated relative path of an absolute path, if under a root. */
  locate(path: string): { root: number; rel: string } | undefined {
    let best: { root: number; rel: string } | undefined;
    this.rootPaths.forEach((rootPath, root) => {
      const prefix = rootPath.endsWith('/') ? rootPath : `${rootPath}/`;
      if (!path.startsWith(prefix)) return;
      const rel = path.slice(prefix.length).split(/[\\/]/u).filter(Boolean).join('/');
      // Nested roots: the deepest root owns the path.
      if (!best || rootPath.length > this.rootPaths[best.root]!.length) best = { root, rel };
    });
    return best;
  }
}
