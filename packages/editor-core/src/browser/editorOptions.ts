import type { monaco } from './monacoApi.js';

type Options = monaco.editor.IEditorOptions;

export const baseEditorOptions: Options = {
  automaticLayout: true,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
};

/** What a normal, editable document gets back after a large one switched features off. */
export const fullFeatureOptions: Options = {
  readOnly: false,
  minimap: { enabled: true },
  folding: true,
  wordWrap: 'off',
  occurrencesHighlight: 'singleFile',
  selectionHighlight: true,
  links: true,
  colorDecorators: true,
  codeLens: true,
  stickyScroll: { enabled: true },
  bracketPairColorization: { enabled: true },
  guides: { indentation: true, bracketPairs: false },
  renderValidationDecorations: 'editable',
};

/** Large files: read-only, and none of the features that scan the whole model. */
export function reducedFeatureOptions(message: string): Options {
  return {
    readOnly: true,
    readOnlyMessage: { value: message },
    minimap: { enabled: false },
    folding: false,
    wordWrap: 'off',
    occurrencesHighlight: 'off',
    selectionHighlight: false,
    links: false,
    colorDecorators: false,
    codeLens: false,
    stickyScroll: { enabled: false },
    bracketPairColorization: { enabled: false },
    guides: { indentation: false, bracketPairs: false },
    renderValidationDecorations: 'off',
  };
}
