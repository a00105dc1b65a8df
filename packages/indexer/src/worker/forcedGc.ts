/**
 * Forced collections for worker threads. `gc` cannot be passed to a worker's execArgv,
 * but V8 installs it in contexts created after `--expose-gc` is set at run time.
 * Returns a no-op where that fails.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Collect = (kind: 'full' | 'minor') => void;

export function exposeGc(): Collect {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return (kind) => (gc as (options?: { type: string }) => void)(kind === 'minor' ? { type: 'minor' } : undefined);
  } catch {
    /* fall through: no forced collection */
  }
  return () => {};
}
