import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a workspace's index lives: `$XDG_CACHE_HOME/marieide/index/<hash>/index.db`, the
 * hash taken over the roots' real paths so two windows on the same folders share one index
 * (one writes, the other reads) and a moved or renamed folder starts fresh.
 */
export function defaultIndexDir(realRoots: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  const hash = createHash('sha256').update(realRoots.join('\0')).digest('hex').slice(0, 20);
  return join(cache, 'marieide', 'index', hash);
}

export const DB_FILE = 'index.db';
