// `pnpm desktop`: builds apps/desktop if needed and starts Electron on it. Machines without
// the Electron binary (it is downloaded from outside the package registry, and that
// download is disabled here) get an explanation and exit code 2 instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(appDir, '..', '..');
const require = createRequire(import.meta.url);

export const NO_ELECTRON_EXIT_CODE = 2;

export const NO_ELECTRON_MESSAGE =
  'MarieIDE desktop cannot start: this machine has no Electron binary. The `electron` npm ' +
  'package is installed for its TypeScript types only; the binary itself comes from ' +
  "Electron's download host (GitHub releases, outside the package registry) and was not " +
  'downloaded here. To get one, on a machine that can reach that host (or an internal mirror ' +
  'named by ELECTRON_MIRROR) run `node node_modules/electron/install.js` in apps/desktop ' +
  '(pnpm skips that download script by default), or set ELECTRON_OVERRIDE_DIST_PATH to a ' +
  'folder holding an unpacked Electron 38 for this platform. Meanwhile the same workbench ' +
  'runs in a browser: `pnpm marie serve`.';

/** The Electron executable, or null when none is installed (mirrors electron/index.js). */
export function findElectronBinary() {
  let binary;
  try {
    // electron/index.js returns the path, honours ELECTRON_OVERRIDE_DIST_PATH, and throws
    // when its postinstall never downloaded anything.
    binary = require('electron');
  } catch {
    return null;
  }
  return typeof binary === 'string' && existsSync(binary) ? binary : null;
}

function run(command, args, cwd = repoRoot) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' && !command.endsWith('.exe') });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** tsc -b is incremental, so "if needed" is tsc's own up-to-date check; the rest is cheap. */
async function build() {
  run(process.execPath, [createRequire(join(repoRoot, 'package.json')).resolve('typescript/bin/tsc'), '-b', 'apps/desktop']);
  const { buildPreload } = await import('./build-preload.mjs');
  await buildPreload();
  const { rendererDir } = await import('@marie/ui/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) run('pnpm', ['--filter', '@marie/ui', 'build:renderer']);
}

async function main() {
  const electron = findElectronBinary();
  if (!electron) {
    console.error(NO_ELECTRON_MESSAGE);
    process.exit(NO_ELECTRON_EXIT_CODE);
  }
  await build();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  const child = spawn(electron, [appDir, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// Run only when executed, so tests can import the helpers.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  await main();
}
