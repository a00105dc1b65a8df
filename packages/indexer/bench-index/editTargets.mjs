// Files for the edit → queryable measurement: the largest TypeScript (else JavaScript) sources up to 100 KB
// (the goal's bound) under the roots, largest first, in a fixed order.
import { statSync } from 'node:fs';
import { walkFiles } from './walkFiles.mjs';

const MAX_BYTES = 100 * 1024;

export function editTargets(roots, count) {
  if (count <= 0) return [];
  const found = [];
  for (const root of roots) walkFiles(root, (path, name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') && found.push(path));
  // TypeScript first (the goal's example); JavaScript only when there is too little of it.
  const ts = found.filter((p) => p.endsWith('.ts'));
  const pool = ts.length >= count ? ts : found;
  const sized = pool.map((path) => ({ path, size: statSize(path) })).filter((f) => f.size > 0 && f.size <= MAX_BYTES);
  sized.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  return sized.slice(0, count).map((f) => f.path);
}

function statSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
