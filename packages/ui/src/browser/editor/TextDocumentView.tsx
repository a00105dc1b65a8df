import { Suspense } from 'react';
import type { TextSnapshot } from '@marie/editor-core';
import { useEditorKit, useSlice, useWorkbench } from '../workbench/context.js';
import { ConflictBar } from './ConflictBar.js';
import { EditorBanners, readOnlyMessageFor } from './EditorBanners.js';
import { EditorErrorBoundary } from './EditorErrorBoundary.js';

/** A text document: its banners, then the editor, or the compare view while comparing. */
export function TextDocumentView({ document }: { document: TextSnapshot }) {
  const wb = useWorkbench();
  const kit = useEditorKit();
  const comparing = useSlice(wb.editors.store, (s) => s.comparing === document.path);
  const focusPending = useSlice(wb.layout.store, (s) => s.editorFocusPending);
  const reveal = useSlice(wb.editors.store, (s) => (s.reveal?.path === document.path ? s.reveal.range : undefined));
  const buffer = wb.editors.buffer(document.path);
  if (!buffer) return null;
  return (
    <>
      <EditorBanners document={document} />
      {document.disk === 'conflict' ? <ConflictBar document={document} /> : null}
      {comparing && document.theirs !== undefined ? (
        <div className="compare-toolbar">
          <span>
            Comparing {document.name}: on disk (left) and yours (right)
          </span>
          <button
            type="button"
            onClick={() => {
              wb.editors.compare(undefined);
              wb.layout.focusEditor();
            }}
          >
            Back to editor
          </button>
        </div>
      ) : null}
      <div className="editor-surface">
        <EditorErrorBoundary>
          <Suspense fallback={<div className="editor-message">Loading editor…</div>}>
            {comparing && document.theirs !== undefined ? (
              <kit.CompareEditor document={document} buffer={buffer} theirs={document.theirs} />
            ) : (
              <kit.TextEditor
                document={document}
                buffer={buffer}
                focusPending={focusPending}
                onFocused={() => wb.layout.focusTaken('editor')}
                readOnlyMessage={readOnlyMessageFor(document)}
                onCursorChange={(p) => wb.editors.setCursor(p)}
                reveal={reveal}
                onRevealed={() => wb.editors.revealed()}
                onGoToDefinition={(p) => void wb.index?.goToDefinition(p)}
              />
            )}
          </Suspense>
        </EditorErrorBoundary>
      </div>
    </>
  );
}
