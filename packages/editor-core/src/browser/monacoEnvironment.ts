import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import CssWorker from 'monaco-editor/languages/features/css/css.worker.js?worker';
import HtmlWorker from 'monaco-editor/languages/features/html/html.worker.js?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker.js?worker';

/**
 * Workers are bundled files served from our own origin (CSP `worker-src 'self'`), never
 * a CDN: the workbench must work offline and from the `marie-app://` protocol.
 */
export function installMonacoEnvironment(): void {
  if (globalThis.MonacoEnvironment?.getWorker) return;
  globalThis.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      switch (label) {
        case 'json':
          return new JsonWorker();
        case 'css':
        case 'scss':
        case 'less':
          return new CssWorker();
        case 'html':
        case 'handlebars':
        case 'razor':
          return new HtmlWorker();
        default:
          return new EditorWorker();
      }
    },
  };
}
