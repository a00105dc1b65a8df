import { withIndexedDir } from '../indexSession.js';
import type { LocalSession } from '../localHost.js';
import { printJson } from '../output.js';
import { onePositional, parseMax, warnIfPartial, type IndexArgs } from './indexArgs.js';

export interface SearchSpec<R> {
  command: string;
  /** What the one positional is, for the usage error: "query", "name". */
  what: string;
  defaultMax: number;
  search: (session: LocalSession, root: string, term: string, limit: number) => Promise<{ rows: R[]; partial: boolean }>;
  /** One row of human output. */
  line: (row: R) => string;
}

/** The shape of `files`, `symbols` and `def`: one term, one indexed search, JSON or lines. */
export async function searchCommand<R>(args: IndexArgs, spec: SearchSpec<R>): Promise<number> {
  const term = onePositional(args, spec.command, spec.what);
  const limit = parseMax(args.max, spec.defaultMax);
  const rows = await withIndexedDir(args.dir ?? process.cwd(), async ({ session, root }) => {
    const found = await spec.search(session, root, term, limit);
    warnIfPartial(found.partial);
    return found.rows;
  });
  if (args.json) printJson(rows);
  else for (const r of rows) process.stdout.write(spec.line(r));
  return 0;
}
