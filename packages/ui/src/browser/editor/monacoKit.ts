import { createElement, lazy, type ComponentType } from 'react';
import type { CompareViewProps, EditorKit, TextEditorViewProps } from './editorKit.js';

// Monaco is a separate chunk (the page's HTML preloads it): the workbench paints first,
// the editor arrives in parallel.
const loadViews = () => import('./monacoViews.js');
type Views = Awaited<ReturnType<typeof loadViews>>;

let views: Views | undefined;
let loading: Promise<Views> | undefined;

/** The Monaco chunk, fetched once; a failed load may be retried. */
function loadEditor(): Promise<Views> {
  loading ??= loadViews().then(
    (loaded) => (views = loaded),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * A buffer only exists once the chunk has loaded, so the views are normally here already and
 * render without suspending: a Suspense fallback, once shown, holds the content back for up
 * to 300 ms (React's fallback throttle), which used to land on the first file's paint.
 */
function viewOf<P extends object>(pick: (v: Views) => ComponentType<P>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: pick(await loadEditor()) }));
  return function MonacoView(props: P) {
    return createElement(views ? pick(views) : Lazy, props);
  };
}

/** Runs `step` when the main thread has nothing more urgent (input, rendering) to do. */
function idle(step: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(step, { timeout: 2000 });
  else setTimeout(step, 0);
}

export const monacoKit: EditorKit = {
  async createBuffer(init) {
    const monaco = await loadEditor();
    monaco.setupMonaco();
    return new monaco.MonacoBuffer(init);
  },
  TextEditor: viewOf<TextEditorViewProps>((v) => v.TextEditorView),
  CompareEditor: viewOf<CompareViewProps>((v) => v.CompareEditorView),
  preload() {
    loadEditor().then(
      // Then build the editor in idle time, in two steps so input can run in between:
      // the first file opened then only waits for its own model and paint.
      (monaco) =>
        idle(() => {
          monaco.setupMonaco();
          idle(() => void monaco.prepareTextEditor());
        }),
      () => {
        // Reported when a document needs the editor and it still cannot load.
      },
    );
  },
};
