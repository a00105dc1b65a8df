import { relativeTo } from '../indexOutput.js';
import type { IndexArgs } from './indexArgs.js';
import { searchCommand } from './searchCommand.js';

/** `marie files <query>`: quick open from the terminal → [{path, score}]. */
export function files(args: IndexArgs): Promise<number> {
  return searchCommand(args, {
    command: 'files',
    what: 'query',
    defaultMax: 50,
    search: async (session, root, query, limit) => {
      const found = await session.index.findFiles({ query, limit });
      return { rows: found.results.map((f) => ({ path: relativeTo(root, f.path), score: f.score })), partial: found.partial };
    },
    line: (r) => `${r.path}\n`,
  });
}
