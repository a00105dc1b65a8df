import { lazy } from 'react';
import type { EditorKit } from './editorKit.js';

// Monaco is a separate chunk: the workbench paints first, the editor arrives in parallel.
const loadMonaco = () => import('@marie/editor-core/browser');

export const monacoKit: EditorKit = {
  async createBuffer(init) {
    const monaco = await loadMonaco();
    monaco.setupMonaco();
    return new monaco.MonacoBuffer(init);
  },
  TextEditor: lazy(() => import('./MonacoTextEditor.js')),
  CompareEditor: lazy(() => import('./MonacoCompareEditor.js')),
  preload() {
    void loadMonaco();
  },
};
