import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FileLockOptions {
  /** Give up after this long. Default 10 s. */
  timeoutMs?: number;
  /** A lock file older than this is taken to be left by a crashed process. Default 30 s. */
  staleMs?: number;
}

/**
 * Runs `fn` while holding `<path>.lock`, an exclusively created file, so that processes
 * sharing a file (the desktop and the CLI) do not lose each other's read-modify-writes.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = `${path}.lock`;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 30_000;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      await (await open(lock, 'wx', 0o600)).close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > staleMs) await unlink(lock).catch(() => undefined);
    else if (Date.now() > deadline) throw new Error(`${lock} is held by another process`);
    else await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
