import '../codeIndex/codeIndex.css';
import { useCallback } from 'react';
import type { ReferenceInfo } from '@marie/protocol';
import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import { useFileGroupRows } from '../codeIndex/fileGroups.js';
import { ResultTree, type ResultRow } from '../codeIndex/ResultTree.js';
import { useSlice, useWorkbench } from '../workbench/context.js';

const noun = ['reference', 'references'] as const;

/** Find all references (Shift+F12): a panel under the editor, results grouped by file. */
export default function ReferencesPanel({ index }: { index: IndexFeatures }) {
  const wb = useWorkbench();
  const s = useSlice(index.references.store, (state) => state);
  const referenceRow = useCallback(
    (r: ReferenceInfo): ResultRow => {
      const where = `${r.range.startLine + 1}:${r.range.startColumn + 1}`;
      return {
        id: `${r.path}:${where}`,
        level: 2,
        label: `line ${where}, ${r.kind}`,
        open: () => index.openAt(r.path, r.range),
        content: (
          <>
            <span className="result-line">{where}</span>
            <span className="result-preview">{r.name}</span>
            <span className="result-kind">{r.kind}</span>
          </>
        ),
      };
    },
    [index],
  );
  const rows = useFileGroupRows(s.groups, noun, referenceRow);

  const status = s.error ?? (s.loading ? 'Searching…' : s.total === 0 ? 'No references found.' : `${s.total} ${s.total === 1 ? 'result' : 'results'} in ${s.groups.length} ${s.groups.length === 1 ? 'file' : 'files'}`);
  return (
    <section
      className="panel references-panel"
      aria-labelledby="references-title"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        wb.layout.closePanel();
        wb.layout.focusEditor();
      }}
    >
      <header className="panel-header">
        <h2 id="references-title">References: {s.name}</h2>
        <span role="status" className="panel-status" data-testid="references-status">
          {status}
          {s.partial ? ' (indexing…)' : ''}
        </span>
        <button type="button" className="panel-close" aria-label="Close references" onClick={() => wb.layout.closePanel()}>
          ×
        </button>
      </header>
      <ResultTree label="References" rows={rows} autoFocus={!s.loading && s.total > 0} />
    </section>
  );
}
