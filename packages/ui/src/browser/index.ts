export { App, type AppProps, type CommandSource } from './App.js';
export type { EditorKit, TextEditorViewProps, CompareViewProps } from './editor/editorKit.js';
export { plainTextKit } from './editor/plainTextKit.js';
export { monacoKit } from './editor/monacoKit.js';
export { ConnectionLost } from './connect/ConnectionLost.js';
export { Workbench, runCommand } from '../common/index.js';
