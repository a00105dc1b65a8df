import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import CssWorker from 'monaco-editor/languages/features/css/css.worker.js?worker';
import HtmlWorker from 'monaco-editor/languages/features/html/html.worker.js?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker.js?worker';

/**
 * Workers are bundled files served from our own origin (CSP `worker-src 'self'`), never
 * a CDN: the workbench must work offline and from the `marie-app://` protocol.
 *
 * Monaco asks for its worker as soon as a model is attached (links, colours, unicode
 * checks), which would fetch and compile ~0.3 MB on a second thread while the first file is
 * being painted. Nothing on screen needs a worker at first, so they start once the page is
 * idle (Monaco accepts a promised worker and queues its requests meanwhile).
 */
export function installMonacoEnvironment(): void {
  if (globalThis.MonacoEnvironment?.getWorker) return;
  globalThis.MonacoEnvironment = {
    getWorker: (_workerId: string, label: string) => whenIdle().then(() => createWorker(label)),
  };
}

function createWorker(label: string): Worker {
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
}

/** When the main thread is idle (after a second at the latest, also in a background tab). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 0);
  });
}
