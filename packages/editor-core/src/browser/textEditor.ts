import type { Disposable, Event } from '@marie/protocol';
import { currentMonacoTheme } from './colorScheme.js';
import { baseEditorOptions, fullFeatureOptions, reducedFeatureOptions } from './editorOptions.js';
import type { MonacoBuffer } from './monacoBuffer.js';
import { monaco } from './monacoApi.js';

export interface ShowOptions {
  readOnly: boolean;
  reducedFeatures: boolean;
  /** Shown when the user tries to type into a read-only document. */
  readOnlyMessage: string;
}

export interface CursorPosition {
  line: number;
  column: number;
}

/** One Monaco editor for the whole editor area; switching tabs swaps models, not editors. */
export interface TextEditorHandle extends Disposable {
  show(buffer: MonacoBuffer | undefined, options: ShowOptions): void;
  focus(): void;
  position(): CursorPosition | undefined;
  readonly onDidChangeCursor: Event<CursorPosition>;
}

/**
 * View state (cursor, selections, scroll, folding) per model, as VS Code keeps per tab.
 * Module-wide, so it survives the editor being recreated (e.g. after a compare view).
 */
const viewStates = new WeakMap<monaco.editor.ITextModel, monaco.editor.ICodeEditorViewState>();

export function createTextEditor(container: HTMLElement): TextEditorHandle {
  const editor = monaco.editor.create(container, { ...baseEditorOptions, ...fullFeatureOptions, theme: currentMonacoTheme(), model: null });
  const remember = () => {
    const model = editor.getModel();
    const state = editor.saveViewState();
    if (model && state) viewStates.set(model, state);
  };

  return {
    show(buffer, options) {
      const previous = editor.getModel();
      if (previous !== buffer?.model) remember();
      editor.updateOptions(
        options.reducedFeatures
          ? reducedFeatureOptions(options.readOnlyMessage)
          : { ...fullFeatureOptions, readOnly: options.readOnly, readOnlyMessage: { value: options.readOnlyMessage } },
      );
      if (previous === buffer?.model) return;
      editor.setModel(buffer?.model ?? null);
      const state = buffer && viewStates.get(buffer.model);
      if (state) editor.restoreViewState(state);
    },
    focus: () => editor.focus(),
    position() {
      const p = editor.getPosition();
      return p ? { line: p.lineNumber, column: p.column } : undefined;
    },
    onDidChangeCursor: (listener) => editor.onDidChangeCursorPosition((e) => listener({ line: e.position.lineNumber, column: e.position.column })),
    dispose: () => {
      // Models belong to documents; only the editor goes.
      remember();
      editor.setModel(null);
      editor.dispose();
    },
  };
}
