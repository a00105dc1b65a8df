import { useEffect, useRef } from 'react';
import { createTextEditor, isMonacoBuffer, setupMonaco, type TextEditorHandle } from '@marie/editor-core/browser';
import type { TextEditorViewProps } from './editorKit.js';

/** One Monaco editor for the editor area; switching documents swaps its model. */
export default function MonacoTextEditor({ document, buffer, onCursorChange, focusPending, onFocused, readOnlyMessage, reveal, onRevealed, onGoToDefinition }: TextEditorViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<TextEditorHandle | undefined>(undefined);
  const cursorListener = useRef(onCursorChange);
  cursorListener.current = onCursorChange;
  const definitionListener = useRef(onGoToDefinition);
  definitionListener.current = onGoToDefinition;

  useEffect(() => {
    setupMonaco();
    const handle = createTextEditor(host.current!);
    editor.current = handle;
    const sub = handle.onDidChangeCursor((p) => cursorListener.current(p));
    const definitions = handle.onDidRequestDefinition((p) => definitionListener.current(p));
    return () => {
      sub.dispose();
      definitions.dispose();
      handle.dispose();
      editor.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (!isMonacoBuffer(buffer)) return;
    const handle = editor.current;
    if (!handle) return;
    handle.show(buffer, { readOnly: document.readonly, reducedFeatures: document.reducedFeatures, readOnlyMessage });
    const position = handle.position();
    if (position) cursorListener.current(position);
  }, [buffer, document.readonly, document.reducedFeatures, readOnlyMessage]);

  // After the effect above, so the range lands in the document just shown.
  useEffect(() => {
    if (!reveal || !editor.current || !isMonacoBuffer(buffer)) return;
    editor.current.reveal(reveal);
    onRevealed();
  }, [reveal, buffer, onRevealed]);

  useEffect(() => {
    if (!focusPending || !editor.current) return;
    editor.current.focus();
    onFocused();
  }, [focusPending, onFocused]);

  return <div ref={host} className="monaco-host" data-testid="text-editor" />;
}
