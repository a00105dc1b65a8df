#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { fs, fsActions } from './commands/fs.js';
import { policy } from './commands/policy.js';
import { settings } from './commands/settings.js';
import { serve } from './commands/serve.js';
import { reportError, UsageError } from './output.js';

const HELP = `marie — the MarieIDE command line

Usage:
  marie serve [folder] [--port N] [--host 127.0.0.1]
      Serve the workbench to a browser. Prints http://127.0.0.1:PORT/?token=…
      Without a folder, the page asks which folder to open. Ctrl+C stops it.
  marie fs <${fsActions.join('|')}> <path> [path] [--root DIR] [--json]
      File operations through the host, confined to --root (default: the current folder).
      write reads the new content from standard input; --force overwrites a file that
      changed meanwhile; rm moves to the trash unless --permanent.
  marie policy show [--json]
      Every policy key: effective value, source (machine, cloud, user-os, user, default),
      level (mandatory, recommended), status and errors.
  marie policy explain <Key> [--json]
      One key with the sources it overrides and any errors.
  marie policy keys
      The policy keys this version knows, with their descriptions.
  marie settings list [--json] | set <id> <value> | reset <id>
      Your settings; those locked by mandatory policy say so and cannot be changed.
  marie --help | --version
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      root: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      permanent: { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return void process.stdout.write(HELP), 0;
  if (values.version) return void process.stdout.write('marie 0.1.0\n'), 0;
  switch (command) {
    case 'serve':
      if (rest.length > 1) throw new UsageError('serve takes at most one folder');
      return serve({ folder: rest[0], port: values.port, host: values.host });
    case 'fs':
      return fs({ action: rest[0], paths: rest.slice(1), root: values.root, json: values.json, force: values.force, permanent: values.permanent });
    case 'policy':
      if (rest.length > 2) throw new UsageError('policy takes an action and at most one key');
      return policy({ action: rest[0], key: rest[1], json: values.json });
    case 'settings':
      if (rest.length > 3) throw new UsageError('settings takes an action, an id and a value');
      return settings({ action: rest[0], id: rest[1], value: rest[2], json: values.json });
    case undefined:
      return void process.stdout.write(HELP), 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const code = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS') ? reportError(new UsageError(error.message)) : reportError(error);
    process.exitCode = code;
  },
);
