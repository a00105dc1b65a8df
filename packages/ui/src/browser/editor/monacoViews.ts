/**
 * Everything the Monaco kit loads, as one chunk: Monaco with the editor core's glue, and
 * both views. One dynamic import keeps Rollup from splitting out tiny shared chunks, each
 * another request (and connection slot) at start-up.
 */
export { MonacoBuffer, prepareTextEditor, setupMonaco } from '@marie/editor-core/browser';
export { default as TextEditorView } from './MonacoTextEditor.js';
export { default as CompareEditorView } from './MonacoCompareEditor.js';
