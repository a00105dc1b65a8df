import { monaco } from './monacoApi.js';

/**
 * Stands in for monaco-editor's `internal/common/workers.js` (the renderer's Vite config
 * points the JSON/CSS/HTML worker managers here). The original also imports every editor
 * contribution, so opening the first JSON, CSS or HTML file would load ~0.4 MB more and
 * register contributions after editors exist ("depends on UNKNOWN service"). The worker
 * part below is the same as the original's for a MonacoEnvironment with getWorker.
 */
export interface WorkerFactoryOptions {
  label?: string;
  moduleId: string;
  createWorker?: () => Worker;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}

export function createWebWorker<T extends object>(opts: WorkerFactoryOptions): monaco.editor.MonacoWebWorker<T> {
  const label = opts.label ?? 'monaco-editor-worker';
  const worker = Promise.resolve(globalThis.MonacoEnvironment?.getWorker?.('workerMain.js', label) ?? opts.createWorker?.()).then((w) => {
    if (!w) throw new Error('No MonacoEnvironment.getWorker for ' + label);
    // The protocol the language workers expect: a first message to ignore, then their data.
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return w;
  });
  return monaco.editor.createWebWorker<T>({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
}
