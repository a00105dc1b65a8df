import { useEffect, useRef } from 'react';
import { createCompareEditor, isMonacoBuffer, setupMonaco, type CompareEditorHandle } from '@marie/editor-core/browser';
import type { CompareViewProps } from './editorKit.js';

/** Monaco's diff editor: disk on the left, the document's own (editable) model on the right. */
export default function MonacoCompareEditor({ buffer, theirs }: CompareViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<CompareEditorHandle | undefined>(undefined);

  useEffect(() => {
    if (!isMonacoBuffer(buffer)) return;
    setupMonaco();
    const h = createCompareEditor(host.current!, { theirs, mine: buffer });
    handle.current = h;
    h.focus();
    return () => {
      h.dispose();
      handle.current = undefined;
    };
    // Recreated only for another document; a newer disk text is pushed in below.
  }, [buffer]);

  useEffect(() => handle.current?.setTheirs(theirs), [theirs]);

  return <div ref={host} className="monaco-host" data-testid="compare-editor" />;
}
