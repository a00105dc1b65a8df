import { PatternError } from '@marie/indexer';
import type { WorkspaceIndex } from '@marie/indexer/node';
import { ErrorCode, RpcError, type IIndexService, type TextMatch, type TextSearchSummary } from '@marie/protocol';
import { toTextMatch } from './wireResults.js';

/** Matches per streamed message, and the longest a found match waits to be sent. */
const BATCH_MATCHES = 500;
const BATCH_MS = 50;
const DEFAULT_MAX_RESULTS = 20_000;

export type SearchTextInput = Parameters<IIndexService['searchText']>[0];

/**
 * Find in files: streams matches through `emit` in batches (at most 500, and no older
 * than 50 ms while files keep coming) and settles with the summary. Stops at the cap, and on `signal`
 * with E_CANCELLED; a pattern ripgrep would reject is E_INVALID_INPUT.
 */
export async function runTextSearch(index: WorkspaceIndex, input: SearchTextInput, emit: (matches: TextMatch[]) => void, signal?: AbortSignal): Promise<TextSearchSummary> {
  const started = Date.now();
  const maxResults = input.maxResults ?? DEFAULT_MAX_RESULTS;
  const summary: TextSearchSummary = { searchId: input.searchId, total: 0, files: 0, limitHit: false, partial: false, durationMs: 0 };
  let batch: TextMatch[] = [];
  let batchStarted = 0;
  const flush = (): void => {
    if (batch.length > 0) emit(batch);
    batch = [];
  };
  const query = {
    pattern: input.pattern,
    isRegExp: input.regex ?? false,
    caseSensitive: input.caseSensitive ?? false,
    wholeWord: input.wholeWord ?? false,
    maxResults,
    ...(input.include ? { includes: input.include } : {}),
    ...(input.exclude ? { excludes: input.exclude } : {}),
  };
  try {
    for await (const event of index.findInFiles(query, signal ? { signal } : {})) {
      if (signal?.aborted) break;
      if (event.type === 'done') {
        summary.limitHit = event.limitHit;
        // Files a risky regex timed out on were not searched: the answer may miss hits.
        summary.partial = event.partial || ('timedOut' in event && Number(event.timedOut) > 0);
        continue;
      }
      const room = maxResults - summary.total;
      if (room <= 0) {
        summary.limitHit = true;
        break;
      }
      const matches = event.matches.slice(0, room);
      if (matches.length < event.matches.length) summary.limitHit = true;
      summary.total += matches.length;
      summary.files++;
      if (batch.length === 0) batchStarted = Date.now();
      for (const m of matches) batch.push(toTextMatch(event.path, m));
      if (batch.length >= BATCH_MATCHES || Date.now() - batchStarted >= BATCH_MS) flush();
    }
  } catch (error) {
    if (error instanceof PatternError) throw new RpcError(ErrorCode.InvalidInput, `Invalid search pattern: ${error.message}`);
    if (!signal?.aborted) throw error;
  }
  if (signal?.aborted) throw new RpcError(ErrorCode.Cancelled, 'The search was cancelled');
  flush();
  summary.durationMs = Date.now() - started;
  return summary;
}
