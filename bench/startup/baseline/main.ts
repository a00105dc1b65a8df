// The floor for bench:startup: Monaco alone, the same languages, text fetched from a
// static server. No workbench, no RPC, no explorer.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/register.all.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };
const name = new URLSearchParams(location.search).get('file') ?? 'file01.ts';
const text = await (await fetch(`./files/${name}`)).text();
monaco.editor.create(document.getElementById('editor')!, {
  model: monaco.editor.createModel(text, undefined, monaco.Uri.file(name)),
  automaticLayout: true,
});
