import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/launch.mjs', import.meta.url));

// ELECTRON_OVERRIDE_DIST_PATH at an empty folder guarantees "no binary" on any machine,
// so this never starts a real Electron even where one is installed.
describe('pnpm desktop without an Electron binary', () => {
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'marie-no-electron-'));
  });
  afterAll(() => rm(empty, { recursive: true, force: true }));

  it('explains how to get one and exits with code 2, before building anything', () => {
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty };
    const result = spawnSync(process.execPath, [script, '/some/folder'], { env, encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const message = result.stderr.trim();
    expect(message).toMatch(/this machine has no Electron binary/);
    expect(message).toMatch(/download host/);
    expect(message).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(message).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/); // one paragraph, no stack trace
  });
});
