import { useSlice, useWorkbench } from '../workbench/context.js';
import { domId } from '../workbench/domIds.js';
import { TextDocumentView } from './TextDocumentView.js';

export const binaryMessage = 'This file is binary and cannot be displayed.';

/** The panel of the active tab: what is shown depends on what kind of document it is. */
export function EditorArea() {
  const wb = useWorkbench();
  const active = useSlice(wb.editors.store, (s) => s.tabs.active);
  const doc = useSlice(wb.editors.store, (s) => (s.tabs.active ? s.docs[s.tabs.active] : undefined));
  if (!active) {
    return (
      <div className="editor-area editor-empty" data-testid="editor-empty">
        <p>Open a file from the Explorer to start editing.</p>
      </div>
    );
  }
  return (
    <div className="editor-area" role="tabpanel" id="editor-panel" aria-labelledby={domId('tab', active)} data-testid="editor-panel">
      {!doc || doc.kind === 'loading' ? (
        <div className="editor-message" aria-busy="true">
          Loading {doc?.name}…
        </div>
      ) : doc.kind === 'binary' ? (
        <div className="editor-message" data-testid="binary-placeholder">
          {binaryMessage}
        </div>
      ) : doc.kind === 'unavailable' ? (
        <div className="editor-message" data-testid="unavailable-placeholder">
          This file could not be opened. {doc.error.message}
        </div>
      ) : (
        <TextDocumentView document={doc} />
      )}
    </div>
  );
}
