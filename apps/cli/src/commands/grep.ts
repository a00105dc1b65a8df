import { grepLine, grepRow, type GrepRow } from '../indexOutput.js';
import { withIndexedDir } from '../indexSession.js';
import { printJson } from '../output.js';
import { onePositional, parseMax, warnIfPartial, type IndexArgs } from './indexArgs.js';

/** `marie grep <pattern>`: find in files answered from the index, every hit verified. */
export async function grep(args: IndexArgs): Promise<number> {
  const pattern = onePositional(args, 'grep', 'pattern');
  const maxResults = parseMax(args.max, 20_000);
  const { rows, limitHit } = await withIndexedDir(args.dir ?? process.cwd(), async ({ session, root }) => {
    const found: GrepRow[] = [];
    const searchId = 'cli';
    const stream = session.index.onDidFindText((e) => {
      if (e.searchId === searchId) for (const m of e.matches) found.push(grepRow(root, m));
    });
    try {
      const summary = await session.index.searchText({ searchId, pattern, regex: args.regex ?? false, caseSensitive: args.caseSensitive ?? false, wholeWord: args.word ?? false, maxResults });
      warnIfPartial(summary.partial);
      return { rows: found, limitHit: summary.limitHit };
    } finally {
      stream.dispose();
    }
  });
  if (args.json) printJson(rows);
  else for (const r of rows) process.stdout.write(grepLine(r));
  if (limitHit) process.stderr.write(`marie: stopped at ${maxResults} matches (--max)\n`);
  return 0;
}
