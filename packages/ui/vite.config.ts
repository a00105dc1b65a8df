import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type HtmlTagDescriptor, type Plugin, type Rollup } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The one module the workbench imports Monaco through (dynamically). */
const editorEntry = /\/src\/browser\/editor\/monacoViews\.ts$/;

/**
 * Monaco is loaded with import() so the workbench does not wait for it, but the browser
 * would only learn its URL once the page's script has run. Preloads in the HTML start the
 * download and (off-thread) compilation of the editor chunk and its CSS with the page's own.
 */
function preloadEditor(): Plugin {
  return {
    name: 'marie:preload-editor',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
        const page = chunks.find((c) => c.isEntry);
        const editor = chunks.find((c) => c.moduleIds.some((id) => editorEntry.test(id)));
        if (!page || !editor || !page.dynamicImports.includes(editor.fileName)) this.error('expected the page to import the editor chunk dynamically');
        // One chunk: no shared pieces split out, each of which would be one more request.
        const loadedWithPage = staticClosure(bundle, [page.fileName]);
        const extra = [...staticClosure(bundle, [editor.fileName])].filter((f) => f !== editor.fileName && !loadedWithPage.has(f));
        if (extra.length) this.error(`expected the editor in one chunk, it also needs ${extra.join(', ')}`);
        const tags: HtmlTagDescriptor[] = [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${editor.fileName}` }, injectTo: 'head' }];
        // Same crossorigin mode as the stylesheet link Vite adds when the chunk is imported.
        for (const css of editor.viteMetadata?.importedCss ?? []) tags.push({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: '', href: `./${css}` }, injectTo: 'head' });
        return tags;
      },
    },
  };
}

/** The chunks `files` import statically, themselves included. */
function staticClosure(bundle: Rollup.OutputBundle, files: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const chunk = bundle[file];
    if (seen.has(file) || chunk?.type !== 'chunk') return;
    seen.add(file);
    chunk.imports.forEach(visit);
  };
  files.forEach(visit);
  return seen;
}

/**
 * Monaco's JSON/CSS/HTML worker managers import `internal/common/workers.js`, which also
 * imports every editor contribution; the editor core's stand-in creates the worker alone.
 */
function monacoWorkerFactory(): Plugin {
  return {
    name: 'marie:monaco-worker-factory',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !/[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]languages[\\/]/.test(importer) || !source.endsWith('/internal/common/workers.js')) return null;
      const resolved = await this.resolve('@marie/editor-core/browser/monacoWorkerFactory', root + 'index.html', { skipSelf: true });
      if (!resolved) this.error('cannot resolve @marie/editor-core/browser/monacoWorkerFactory');
      return resolved;
    },
  };
}

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
  plugins: [monacoWorkerFactory(), preloadEditor()],
  build: {
    outDir: 'dist/renderer',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Monaco's chunk is large by nature; it loads in parallel with the workbench.
    chunkSizeWarningLimit: 4096,
    // Keep the page free of inline scripts: the polyfill would be bundled, but Chromium needs none.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
