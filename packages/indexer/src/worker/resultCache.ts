/**
 * Outcomes of recently parsed contents, keyed by language and SHA-1 of the bytes, so a
 * file identical to one seen before (vendored copies, replicated trees) is not parsed
 * again. Least recently used entries go first once the byte budget is spent.
 */
import type { ParseOutcome } from '../common/tags.js';

export class ResultCache {
  private readonly entries = new Map<string, { outcome: ParseOutcome; cost: number }>();
  private spent = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): ParseOutcome | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.outcome;
  }

  set(key: string, outcome: ParseOutcome): void {
    if (this.budgetBytes <= 0) return;
    const cost = costOf(outcome);
    if (cost > this.budgetBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.spent -= old.cost;
    this.entries.delete(key);
    this.entries.set(key, { outcome, cost });
    this.spent += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.spent <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.spent -= entry.cost;
    }
  }
}

/** A rough size of an outcome in memory: enough to keep the cache near its budget. */
function costOf(outcome: ParseOutcome): number {
  if (!outcome.ok) return 200;
  return 200 + 2 * outcome.tags.names.length + outcome.tags.table.byteLength;
}
