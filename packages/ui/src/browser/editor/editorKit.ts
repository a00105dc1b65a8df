import type { ComponentType } from 'react';
import type { BufferFactory, TextBuffer, TextSnapshot } from '@marie/editor-core';
import type { TextRange } from '@marie/protocol';
import type { CursorPosition } from '../../common/index.js';

export interface TextEditorViewProps {
  document: TextSnapshot;
  buffer: TextBuffer;
  onCursorChange(position: CursorPosition): void;
  /** The workbench wants the editor focused; call onFocused once it is. */
  focusPending: boolean;
  onFocused(): void;
  /** Shown when typing into a read-only document. */
  readOnlyMessage: string;
  /** A zero-based range to select, scroll to and focus (go to definition, a search hit); call onRevealed once done. */
  reveal: TextRange | undefined;
  onRevealed(): void;
  /** Ctrl+click (Cmd+click on macOS) at a position: go to the definition there. */
  onGoToDefinition(position: CursorPosition): void;
}

export interface CompareViewProps {
  document: TextSnapshot;
  buffer: TextBuffer;
  /** The text on disk. */
  theirs: string;
}

/**
 * The boundary between the workbench and the text editor implementation. The app uses the
 * Monaco kit; component tests (jsdom cannot run Monaco) use the plain-text kit. The kit
 * creates the buffers its own views render, so a view may rely on its buffer type.
 */
export interface EditorKit {
  createBuffer: BufferFactory;
  TextEditor: ComponentType<TextEditorViewProps>;
  CompareEditor: ComponentType<CompareViewProps>;
  /** Starts loading heavy code early, off the critical path. */
  preload?(): void;
}
