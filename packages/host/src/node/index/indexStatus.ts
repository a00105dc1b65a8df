import type { IndexProgress } from '@marie/indexer';
import type { WorkspaceIndex } from '@marie/indexer/node';
import type { IndexStatus } from '@marie/protocol';

/** No folder open, the index disabled, or not started yet. */
export const IDLE_STATUS: IndexStatus = Object.freeze({ phase: 'idle', filesDone: 0, filesTotal: 0, bytesDone: 0, rate: 0, etaMs: null, files: 0, symbols: 0, quarantined: 0 });

/**
 * The wire status from the index's own status and its last progress event. A reader
 * window (another window writes) gets no progress events: its phase stands alone.
 */
export function statusOf(index: WorkspaceIndex, progress: IndexProgress | undefined, totals: { symbols: number; quarantined: number }): IndexStatus {
  const own = index.status();
  const p = progress && progress.phase === own.phase ? progress : undefined;
  const done = own.phase === 'ready';
  return {
    phase: own.phase,
    filesDone: p?.filesDone ?? 0,
    filesTotal: p?.filesTotal ?? 0,
    bytesDone: p?.bytesDone ?? 0,
    rate: p?.rate ?? 0,
    etaMs: done ? 0 : (p?.etaMs ?? null),
    files: own.files,
    symbols: totals.symbols,
    quarantined: totals.quarantined,
    ...(own.watchProblem === undefined ? {} : { warning: own.watchProblem }),
  };
}
