import type { TextSnapshot } from '@marie/editor-core';
import { useSlice, useWorkbench } from '../workbench/context.js';

/** Dirty buffer, changed file: the user picks whose text wins, or compares first. */
export function ConflictBar({ document }: { document: TextSnapshot }) {
  const wb = useWorkbench();
  const comparing = useSlice(wb.editors.store, (s) => s.comparing === document.path);
  return (
    <div className="banner banner-conflict" role="alert" data-testid="conflict-bar">
      <span>{document.name} changed on disk and you have unsaved changes.</span>
      <span className="banner-actions">
        <button type="button" onClick={() => void wb.editors.keepMine(document.path)}>
          Keep mine
        </button>
        <button type="button" onClick={() => void wb.editors.takeTheirs(document.path)}>
          Take theirs
        </button>
        <button type="button" aria-pressed={comparing} onClick={() => wb.editors.compare(comparing ? undefined : document.path)}>
          Compare
        </button>
      </span>
    </div>
  );
}
