import { useEffect, useRef, useState } from 'react';
import type { CursorPosition } from '../../common/index.js';
import type { TextEditorViewProps } from './editorKit.js';

/** A textarea over a buffer: the editor for tests and for when Monaco cannot load. */
export function PlainTextEditor({ document, buffer, onCursorChange, focusPending, onFocused, reveal, onRevealed, onGoToDefinition }: TextEditorViewProps) {
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

  useEffect(() => {
    const el = ref.current;
    if (!reveal || !el) return;
    el.focus();
    el.setSelectionRange(offsetOf(el.value, reveal.startLine, reveal.startColumn), offsetOf(el.value, reveal.endLine, reveal.endColumn));
    onCursorChange(cursorAt(el));
    onRevealed();
  }, [reveal, onRevealed, onCursorChange]);

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
      onSelect={(e) => onCursorChange(cursorAt(e.currentTarget))}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey) onGoToDefinition(cursorAt(e.currentTarget));
      }}
    />
  );
}

/** The caret as a 1-based line and column. */
function cursorAt(el: HTMLTextAreaElement): CursorPosition {
  const lines = el.value.slice(0, el.selectionStart).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** A zero-based line and column as an offset into the text. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column);
}
