import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import type { TextEditorViewProps } from './editorKit.js';

/** A textarea over a buffer: the editor for tests and for when Monaco cannot load. */
export function PlainTextEditor({ document, buffer, onCursorChange, focusPending, onFocused }: TextEditorViewProps) {
  const [text, setText] = useState(() => buffer.getText());
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText(buffer.getText());
    const sub = buffer.onDidChangeContent(() => setText(buffer.getText()));
    return () => sub.dispose();
  }, [buffer]);

  useEffect(() => {
    if (!focusPending) return;
    ref.current?.focus();
    onFocused();
  }, [focusPending, onFocused]);

  const reportCursor = (e: SyntheticEvent<HTMLTextAreaElement>) => {
    const before = e.currentTarget.value.slice(0, e.currentTarget.selectionStart);
    const lines = before.split('\n');
    onCursorChange({ line: lines.length, column: lines[lines.length - 1]!.length + 1 });
  };

  return (
    <textarea
      ref={ref}
      className="plain-editor"
      aria-label={`${document.name} editor`}
      data-testid="text-editor"
      spellCheck={false}
      value={text}
      readOnly={document.readonly}
      onChange={(e) => buffer.setText(e.target.value, document.eol)}
      onSelect={reportCursor}
    />
  );
}
