export { setupMonaco } from './setup.js';
export { MonacoBuffer, isMonacoBuffer } from './monacoBuffer.js';
export { createTextEditor, prepareTextEditor, type TextEditorHandle, type ShowOptions, type CursorPosition } from './textEditor.js';
export { createCompareEditor, type CompareEditorHandle, type CompareInput } from './compareEditor.js';
export { languageForPath } from './languages.js';
export { currentMonacoTheme } from './colorScheme.js';
export { baseEditorOptions, fullFeatureOptions, reducedFeatureOptions } from './editorOptions.js';
