import { allDefinitions } from '@marie/host';
import { symbolLine, symbolRow, type SymbolRow } from '../indexOutput.js';
import { withIndexedDir } from '../indexSession.js';
import { printJson, UsageError } from '../output.js';
import type { IndexArgs } from './indexArgs.js';
import { searchCommand } from './searchCommand.js';

/**
 * `marie symbols <query> [--kind K]`: workspace symbols (fuzzy, prefix, camelCase).
 * `marie symbols --all [--jsonl]`: every definition, streamed (an export for other tools).
 */
export async function symbols(args: IndexArgs): Promise<number> {
  if (args.all) return exportAll(args);
  if (args.jsonl) throw new UsageError('--jsonl goes with --all; use --json for a search');
  return searchCommand(args, {
    command: 'symbols',
    what: 'query (or --all)',
    defaultMax: 100,
    search: async (session, root, query, limit) => {
      const found = await session.index.findSymbols({ query, limit, ...(args.kind === undefined ? {} : { kinds: [args.kind] }) });
      return { rows: found.results.map((s) => symbolRow(root, s)), partial: found.partial };
    },
    line: symbolLine,
  });
}

async function exportAll(args: IndexArgs): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError('symbols --all takes no query');
  if (args.max !== undefined) throw new UsageError('symbols --all exports everything; --max does not apply');
  const rows: SymbolRow[] = [];
  await withIndexedDir(args.dir ?? process.cwd(), async ({ session, root, index }) => {
    // The host validates the kind (the same check and message as a search).
    if (args.kind !== undefined) await session.index.findSymbols({ query: '', kinds: [args.kind], limit: 1 });
    for (const s of allDefinitions(index)) {
      if (args.kind !== undefined && s.kind !== args.kind) continue;
      const row = symbolRow(root, s);
      // JSON Lines stream as they come; the other formats need the whole list.
      if (args.jsonl) await write(`${JSON.stringify(row)}\n`);
      else rows.push(row);
    }
  });
  if (!args.jsonl) print(rows, args);
  return 0;
}

function print(rows: SymbolRow[], args: IndexArgs): void {
  if (args.json) printJson(rows);
  else for (const r of rows) process.stdout.write(symbolLine(r));
}

/** Honours back-pressure, so a huge export into a slow pipe does not pile up in memory. */
function write(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}
