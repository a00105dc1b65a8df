import { createStringBuffer } from '@marie/editor-core';
import type { EditorKit } from './editorKit.js';
import { PlainCompareEditor } from './PlainCompareEditor.js';
import { PlainTextEditor } from './PlainTextEditor.js';

/** No Monaco: string buffers and textareas. Used by component tests. */
export const plainTextKit: EditorKit = {
  createBuffer: createStringBuffer,
  TextEditor: PlainTextEditor,
  CompareEditor: PlainCompareEditor,
};
