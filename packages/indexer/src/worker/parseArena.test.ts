// The addon's parse arena (native/parseArena.c): bulk parses take tree-sitter's memory from a
// per-thread arena and drop it in one step. Each run is a child process, since the addon reads
// MARIE_PARSE_ARENA_MIB once per process: the default arena, none (malloc, as before), and a
// 1 MiB arena that a large file overflows, so its parse spills to malloc and must be freed
// object by object.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNativeTags } from './nativeTags.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('./testing/arenaParseChild.ts', import.meta.url));

function run(arenaMiB: string | undefined): Promise<{ hash: string; rssGrowthMiB: number }> {
  const env = { ...process.env, MARIE_PARSE_ARENA_MIB: arenaMiB };
  if (arenaMiB === undefined) delete env.MARIE_PARSE_ARENA_MIB;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, '20'], { cwd: packageDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`arena child (MARIE_PARSE_ARENA_MIB=${arenaMiB}) exited with ${code}`))));
  });
}

describe.runIf(loadNativeTags())('parse arena', () => {
  it('gives the same tags as malloc, and a parse that overflows it leaks nothing', async () => {
    const [arena, none, overflowing] = await Promise.all([run(undefined), run('0'), run('1')]);
    expect(arena.hash).toBe(none.hash);
    expect(overflowing.hash).toBe(none.hash);
    // The large file's tree is ~20 MB: 40 parses leaking it would grow the resident set by ~800 MiB.
    for (const r of [arena, none, overflowing]) expect(r.rssGrowthMiB).toBeLessThan(200);
  }, 120_000);
});
