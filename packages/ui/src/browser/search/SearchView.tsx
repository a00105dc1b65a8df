import '../codeIndex/codeIndex.css';
import { useCallback } from 'react';
import type { TextMatch } from '@marie/protocol';
import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import { matchPreview } from '../../common/codeIndex/matchPreview.js';
import { useFileGroupRows } from '../codeIndex/fileGroups.js';
import { Highlighted, range } from '../codeIndex/Highlighted.js';
import { ResultTree, type ResultRow } from '../codeIndex/ResultTree.js';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { SearchForm } from './SearchForm.js';
import { SearchSummary } from './SearchSummary.js';

const noun = ['match', 'matches'] as const;

/** Find in files (Ctrl+Shift+F): the query, a summary, and the matches grouped by file. */
export default function SearchView({ index }: { index: IndexFeatures }) {
  const wb = useWorkbench();
  const state = useSlice(index.search.store, (s) => s);
  const focusPending = useSlice(wb.layout.store, (s) => s.viewFocusPending === 'search');
  const onFocused = useCallback(() => wb.layout.focusTaken('search'), [wb]);

  const matchRow = useCallback(
    (m: TextMatch): ResultRow => {
      const preview = matchPreview(m);
      return {
        id: `${m.path}:${m.line}:${m.column}`,
        level: 2,
        label: `line ${m.line + 1}: ${preview.text}`,
        open: () => index.openAt(m.path, { startLine: m.line, startColumn: m.column, endLine: m.line, endColumn: m.column + m.length }),
        content: (
          <>
            <span className="result-line">{m.line + 1}</span>
            <span className="result-preview">
              <Highlighted text={preview.text} positions={preview.start === undefined ? undefined : range(preview.start, preview.length)} />
            </span>
          </>
        ),
      };
    },
    [index],
  );
  const rows = useFileGroupRows(state.groups, noun, matchRow);

  return (
    <section className="sidebar-view search-view" aria-labelledby="search-title">
      <header className="sidebar-header">
        <h2 id="search-title">Search</h2>
      </header>
      <SearchForm model={index.search} focusPending={focusPending} onFocused={onFocused} />
      <SearchSummary state={state} />
      <ResultTree label="Search results" rows={rows} />
    </section>
  );
}
