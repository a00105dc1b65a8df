import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IndexStatus } from '@marie/protocol';

export interface IndexStatusState {
  readonly status: IndexStatus | undefined;
}

export class IndexStatusStore {
  readonly store: StoreApi<IndexStatusState> = createStore<IndexStatusState>(() => ({ status: undefined }));

  set(status: IndexStatus): void {
    this.store.setState({ status });
  }
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

const phaseLabels: Record<IndexStatus['phase'], string> = {
  idle: 'Index',
  discovering: 'Indexing: finding files',
  parsing: 'Indexing',
  storing: 'Indexing: saving',
  ready: 'Index',
};

/** True while the index is being built or refreshed. */
export const isIndexing = (s: IndexStatus): boolean => s.phase === 'discovering' || s.phase === 'parsing' || s.phase === 'storing';

/** The status bar's words for the index: progress while building, totals when done. */
export function describeIndexStatus(s: IndexStatus): string {
  if (!isIndexing(s)) {
    const quarantined = s.quarantined ? `, ${count(s.quarantined)} skipped` : '';
    return `${plural(s.symbols, 'symbol', 'symbols')} in ${plural(s.files, 'file', 'files')}${quarantined}`;
  }
  const progress = s.filesTotal > 0 ? ` ${count(s.filesDone)}/${count(s.filesTotal)} files` : s.filesDone ? ` ${count(s.filesDone)} files` : '';
  const eta = s.etaMs !== null && s.etaMs > 0 ? `, ${duration(s.etaMs)} left` : '';
  return `${phaseLabels[s.phase]}…${progress}${eta}`;
}

/** 0–100 while the total is known, for a progress bar; undefined otherwise. */
export function indexPercent(s: IndexStatus): number | undefined {
  if (!isIndexing(s) || s.filesTotal <= 0) return undefined;
  return Math.min(100, Math.round((s.filesDone / s.filesTotal) * 100));
}
