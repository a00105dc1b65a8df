import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import { describeIndexStatus, indexPercent } from '../../common/codeIndex/indexStatus.js';
import { useSlice } from '../workbench/context.js';

/**
 * The index's progress while it builds (phase, files, time left), its totals once done, and
 * a warning sign when it may miss changes made on disk (the reason in its tooltip).
 */
export function IndexStatusItem({ index }: { index: IndexFeatures }) {
  const status = useSlice(index.status.store, (s) => s.status);
  if (!status) return null;
  const percent = indexPercent(status);
  const totals = `${status.files.toLocaleString('en-US')} files, ${status.symbols.toLocaleString('en-US')} symbols indexed`;
  return (
    <span className="status-index" data-testid="status-index" title={status.warning ? `${totals}\n${status.warning}` : totals}>
      {status.warning ? (
        <span className="status-warning" role="img" aria-label={`Index warning: ${status.warning}`}>
          ⚠
        </span>
      ) : null}
      {percent !== undefined ? <progress className="status-progress" max={100} value={percent} aria-label="Indexing progress" /> : null}
      {describeIndexStatus(status)}
    </span>
  );
}
