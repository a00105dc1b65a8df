import { useEffect, useState } from 'react';
import type { CompareViewProps } from './editorKit.js';

/** Theirs and mine side by side, without a diff: the fallback compare view. */
export function PlainCompareEditor({ document, buffer, theirs }: CompareViewProps) {
  const [mine, setMine] = useState(() => buffer.getText());
  useEffect(() => {
    const sub = buffer.onDidChangeContent(() => setMine(buffer.getText()));
    return () => sub.dispose();
  }, [buffer]);
  return (
    <div className="plain-compare" data-testid="compare-editor">
      <textarea aria-label={`${document.name} on disk`} readOnly value={theirs} />
      <textarea aria-label={`${document.name} (mine)`} value={mine} onChange={(e) => buffer.setText(e.target.value, document.eol)} />
    </div>
  );
}
