import { def } from './def.js';
import { files } from './files.js';
import { grep } from './grep.js';
import { indexBuild } from './indexBuild.js';
import type { IndexArgs } from './indexArgs.js';
import { symbols } from './symbols.js';

/** Options of the index commands, merged into main.ts's parseArgs table. */
export const indexCommandOptions = {
  dir: { type: 'string' },
  kind: { type: 'string' },
  all: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  regex: { type: 'boolean' },
  'case-sensitive': { type: 'boolean' },
  word: { type: 'boolean' },
  max: { type: 'string' },
} as const;

export const INDEX_HELP = `  marie index [dir] [--json]
      Builds (or brings up to date) the folder's index: {files, bytes, symbols, durationMs, …}.
      The index persists where the IDE keeps it; later commands reuse it.
  marie files <query> [--dir DIR] [--max N] [--json]
      Quick open: fuzzy file search → [{path, score}].
  marie symbols <query> [--dir DIR] [--kind K] [--max N] [--json]
      Workspace symbols (fuzzy, prefix, camelCase) → [{name, kind, path, line, column, container}].
  marie symbols --all [--dir DIR] [--kind K] --jsonl
      Streams every definition as JSON Lines.
  marie def <name> [--dir DIR] [--json]
      Every definition named exactly <name>.
  marie grep <pattern> [--dir DIR] [--regex] [--case-sensitive] [--word] [--max N] [--json]
      Find in files from the index (ripgrep's hits) → [{path, line, column, text}].
      Index commands: paths relative to DIR (default: the current folder), lines and
      columns from 1; a progress bar on a terminal's stderr while indexing.
`;

const commands: Record<string, (args: IndexArgs) => Promise<number>> = { index: indexBuild, files, symbols, def, grep };

export function isIndexCommand(command: string | undefined): boolean {
  return command !== undefined && Object.hasOwn(commands, command);
}

type IndexValues = { [K in keyof typeof indexCommandOptions]?: (typeof indexCommandOptions)[K]['type'] extends 'string' ? string : boolean } & { json?: boolean };

export function runIndexCommand(command: string, positionals: string[], values: IndexValues): Promise<number> {
  return commands[command]!({
    positionals,
    dir: values.dir,
    json: values.json,
    jsonl: values.jsonl,
    kind: values.kind,
    all: values.all,
    regex: values.regex,
    caseSensitive: values['case-sensitive'],
    word: values.word,
    max: values.max,
  });
}
