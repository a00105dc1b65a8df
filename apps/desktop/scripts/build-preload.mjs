// Bundles src/preload/preload.ts into one CommonJS file for the sandboxed renderer.
// A sandboxed preload cannot load ES modules or our workspace packages, only 'electron',
// so the few protocol constants it needs are inlined here. esbuild comes with vite (a
// root devDependency), so no extra dependency is installed for this.
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function loadEsbuild() {
  return createRequire(require.resolve('vite'))('esbuild');
}

// @marie/protocol's index re-exports everything (zod schemas included). Its modules have
// no side effects, and saying so lets esbuild keep only the constants the preload uses.
const protocolDir = realpathSync(join(appDir, 'node_modules', '@marie', 'protocol')) + sep;
const sideEffectFreeProtocol = {
  name: 'side-effect-free-protocol',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolved' || args.kind === 'entry-point') return undefined;
      const result = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolved' });
      if (result.errors.length > 0 || !result.path.startsWith(protocolDir)) return result.errors.length > 0 ? { errors: result.errors } : undefined;
      return { path: result.path, namespace: result.namespace, sideEffects: false };
    });
  },
};

/** Writes the bundle to `outfile` (default dist/preload/preload.cjs). */
export async function buildPreload(outfile = join(appDir, 'dist', 'preload', 'preload.cjs')) {
  await loadEsbuild().build({
    entryPoints: [join(appDir, 'src', 'preload', 'preload.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
    // Workspace packages' TypeScript sources, as in vitest: no stale dist can leak in.
    conditions: ['source'],
    plugins: [sideEffectFreeProtocol],
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`preload bundled: ${await buildPreload()}`);
}
