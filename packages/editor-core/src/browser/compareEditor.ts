import type { Disposable } from '@marie/protocol';
import { currentMonacoTheme } from './colorScheme.js';
import { baseEditorOptions } from './editorOptions.js';
import type { MonacoBuffer } from './monacoBuffer.js';
import { monaco } from './monacoApi.js';

export interface CompareInput {
  /** The text on disk (left, read-only). */
  theirs: string;
  /** The document's own buffer (right, still editable: edits land in the document). */
  mine: MonacoBuffer;
}

export interface CompareEditorHandle extends Disposable {
  /** Updates the disk side when the file changes again while comparing. */
  setTheirs(text: string): void;
  focus(): void;
}

export function createCompareEditor(container: HTMLElement, input: CompareInput): CompareEditorHandle {
  const original = monaco.editor.createModel(input.theirs, input.mine.model.getLanguageId());
  const diff = monaco.editor.createDiffEditor(container, {
    ...baseEditorOptions,
    theme: currentMonacoTheme(),
    originalEditable: false,
    renderSideBySide: true,
    ignoreTrimWhitespace: false,
  });
  diff.setModel({ original, modified: input.mine.model });
  return {
    setTheirs(text) {
      if (original.getValue() !== text) original.setValue(text);
    },
    focus: () => diff.getModifiedEditor().focus(),
    dispose() {
      diff.setModel(null);
      diff.dispose();
      original.dispose();
    },
  };
}
