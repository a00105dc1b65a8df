import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generatePolicyFiles } from '../../common/templates/index.js';

/** Writes every generated file under `repoRoot`; returns the paths written. */
export async function writePolicyFiles(repoRoot: string): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, content] of generatePolicyFiles()) {
    const path = join(repoRoot, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    written.push(rel);
  }
  return written;
}

/** The generated files whose content on disk differs from what the registry produces now. */
export async function stalePolicyFiles(repoRoot: string): Promise<string[]> {
  const stale: string[] = [];
  for (const [rel, content] of generatePolicyFiles()) {
    const onDisk = await readFile(join(repoRoot, rel), 'utf8').catch(() => null);
    if (onDisk !== content) stale.push(rel);
  }
  return stale;
}
