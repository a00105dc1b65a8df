import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { DESKTOP_BRIDGE_KEY, HOST_PORT_MESSAGE, IPC_REQUEST_HOST_PORT } from '@marie/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs build script without type declarations
import { buildPreload } from '../../scripts/build-preload.mjs';

// Builds the real bundle and runs it the way a sandboxed preload runs: a classic script
// whose require knows only 'electron'.
describe('preload bundle', () => {
  let dir: string;
  let code: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marie-preload-'));
    code = await readFile(await (buildPreload as (out: string) => Promise<string>)(join(dir, 'preload.cjs')), 'utf8');
  }, 30_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('requires nothing but electron and inlines no schema library', () => {
    const requires = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s|zod|ZodObject/);
    expect(code.length).toBeLessThan(10_000);
  });

  it('exposes the bridge and forwards the port when run in a sandbox-like context', () => {
    const exposed: Record<string, unknown> = {};
    const listeners: Record<string, (event: unknown, ...args: unknown[]) => void> = {};
    const sent: unknown[][] = [];
    const posted: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        send: (...args: unknown[]) => sent.push(args),
        on: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => (listeners[channel] = l),
        removeListener: () => {},
      },
    };
    const window = { location: { origin: 'marie-app://workbench' }, postMessage: (...args: unknown[]) => posted.push(args) };
    const require = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    runInNewContext(code, { require, module: { exports: {} }, exports: {}, process: { platform: 'darwin' }, window });

    const bridge = exposed[DESKTOP_BRIDGE_KEY] as { requestHostPort(): void; platform: string };
    expect(Object.keys(bridge).sort()).toEqual(['onCommand', 'platform', 'requestHostPort']);
    expect(bridge.platform).toBe('darwin');
    bridge.requestHostPort();
    expect(sent).toEqual([[IPC_REQUEST_HOST_PORT]]);
    listeners[HOST_PORT_MESSAGE]!({ ports: ['p'] });
    expect(posted).toEqual([[HOST_PORT_MESSAGE, 'marie-app://workbench', ['p']]]);
  });
});
