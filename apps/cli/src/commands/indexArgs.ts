import { UsageError } from '../output.js';

/** Options shared by `marie index|files|symbols|def|grep`, as parsed by main.ts. */
export interface IndexArgs {
  positionals: string[];
  dir?: string;
  json?: boolean;
  jsonl?: boolean;
  kind?: string;
  all?: boolean;
  regex?: boolean;
  caseSensitive?: boolean;
  word?: boolean;
  max?: string;
}

/** The contract's own ceiling for result counts. */
const MAX_RESULTS = 100_000;

export function parseMax(max: string | undefined, fallback: number): number {
  if (max === undefined) return fallback;
  const n = Number(max);
  if (!/^\d+$/u.test(max) || n < 1 || n > MAX_RESULTS) throw new UsageError(`--max must be a whole number from 1 to ${MAX_RESULTS}, got "${max}"`);
  return n;
}

/** The one positional a search command takes (its query, name or pattern). */
export function onePositional(args: IndexArgs, command: string, what: string): string {
  if (args.positionals.length !== 1 || args.positionals[0] === '') throw new UsageError(`${command} takes exactly one ${what}`);
  return args.positionals[0]!;
}

export function warnIfPartial(partial: boolean): void {
  if (partial) process.stderr.write('marie: results may be incomplete (another window is still indexing, or a slow regex was stopped on some files)\n');
}
