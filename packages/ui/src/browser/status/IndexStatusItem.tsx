import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import { describeIndexStatus, indexPercent } from '../../common/codeIndex/indexStatus.js';
import { useSlice } from '../workbench/context.js';

/** The index's progress while it builds (phase, files, time left), its totals once done. */
export function IndexStatusItem({ index }: { index: IndexFeatures }) {
  const status = useSlice(index.status.store, (s) => s.status);
  if (!status) return null;
  const percent = indexPercent(status);
  return (
    <span className="status-index" data-testid="status-index" title={`${status.files.toLocaleString('en-US')} files, ${status.symbols.toLocaleString('en-US')} symbols indexed`}>
      {percent !== undefined ? <progress className="status-progress" max={100} value={percent} aria-label="Indexing progress" /> : null}
      {describeIndexStatus(status)}
    </span>
  );
}
