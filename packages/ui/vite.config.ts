import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The workbench page. Served over HTTP by `marie serve` and from `marie-app://` by Electron,
 * hence relative URLs (base './'), hashed files under assets/, and no inline script
 * (CSP `script-src 'self'`). Workspace packages resolve to their TypeScript sources.
 */
export default defineConfig({
  root,
  base: './',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  esbuild: { jsx: 'automatic' },
  worker: { format: 'es' },
  build: {
    outDir: 'dist/renderer',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Monaco's editor chunk is large by nature; it loads after the workbench paints.
    chunkSizeWarningLimit: 4096,
    // Keep the page free of inline scripts: the polyfill would be bundled, but Chromium needs none.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
