// The one directory walk of the benchmarks (and of the addon's training run, native/train.mjs):
// every regular file under `root`, depth first, entries in directory order; symlinks are not
// followed; directories named in `skip` (by default only .git) are not entered.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function walkFiles(root, onFile, skip = new Set(['.git'])) {
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished: the benchmarks only want what they can read
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && !skip.has(e.name)) visit(path);
      else if (e.isFile()) onFile(path, e.name);
    }
  };
  visit(root);
}
