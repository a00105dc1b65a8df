import { symbolLine, symbolRow } from '../indexOutput.js';
import type { IndexArgs } from './indexArgs.js';
import { searchCommand } from './searchCommand.js';

/** `marie def <name>`: every definition with exactly this name (go to definition). */
export function def(args: IndexArgs): Promise<number> {
  return searchCommand(args, {
    command: 'def',
    what: 'name',
    defaultMax: 200,
    search: async (session, root, name, limit) => {
      const found = await session.index.definitions({ name, limit });
      return { rows: found.results.map((s) => symbolRow(root, s)), partial: found.partial };
    },
    line: symbolLine,
  });
}
