import type { SearchState } from '../../common/codeIndex/searchModel.js';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

/** "12 results in 3 files", what is still running, and whether the cap was hit. */
export function SearchSummary({ state }: { state: SearchState }) {
  const shown = state.groups.reduce((total, g) => total + g.items.length, 0);
  let text = '';
  if (state.error) text = state.error;
  else if (state.running) text = `Searching… ${plural(shown, 'result', 'results')} in ${plural(state.groups.length, 'file', 'files')}`;
  else if (state.summary) text = state.summary.total === 0 ? 'No results found.' : `${plural(state.summary.total, 'result', 'results')} in ${plural(state.summary.files, 'file', 'files')}`;
  return (
    <div className="search-summary" role="status" data-testid="search-summary">
      {text}
      {state.summary?.limitHit ? <span className="search-limit"> — limit hit, showing the first {n(shown)}</span> : null}
      {state.summary?.partial ? <span className="search-partial"> (indexing…)</span> : null}
    </div>
  );
}
