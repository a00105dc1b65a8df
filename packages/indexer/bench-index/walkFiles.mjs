// The one directory walk of the benchmarks: every regular file under `root`, depth first,
// entries in directory order; symlinks are not followed and .git is skipped.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function walkFiles(root, onFile) {
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished: the benchmarks only want what they can read
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git') visit(path);
      else if (e.isFile()) onFile(path, e.name);
    }
  };
  visit(root);
}
