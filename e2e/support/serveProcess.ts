import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const cli = resolve(repoRoot, 'apps/cli/dist/main.js');

export interface ServedWorkbench {
  url: string;
  origin: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real `marie serve` CLI, as a user would, and waits for its URL line. */
export async function serveFolder(folder: string | undefined, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<ServedWorkbench> {
  if (!existsSync(cli)) throw new Error('apps/cli is not built: run `pnpm build` (scripts/test.sh does it)');
  const child = spawn(process.execPath, [cli, 'serve', ...(folder ? [folder] : []), ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`marie serve printed no URL:\n${out}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`marie serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    output: () => out,
    stop: (signal = 'SIGINT') =>
      new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.once('exit', (code) => done(code));
        child.kill(signal);
      }),
  };
}
