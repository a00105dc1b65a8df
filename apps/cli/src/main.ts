#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { audit, AUDIT_HELP } from './commands/audit.js';
import { login } from './commands/authLogin.js';
import { logout } from './commands/authLogout.js';
import { whoami } from './commands/authWhoami.js';
import { fs, fsActions } from './commands/fs.js';
import { INDEX_HELP, indexCommandOptions, isIndexCommand, runIndexCommand } from './commands/indexCommands.js';
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
  marie login [--device] [--server URL]
      Sign in to the organisation's server (default: policy ConsoleURL, else the last
      server). Opens the system browser (or prints the URL); --device prints a code to
      enter on another device instead. Tokens go to the OS keychain.
  marie whoami [--json]
      Who is signed in, to which organisation, until when, and where the tokens are kept.
  marie logout
      Revokes the session at the server and removes it from this machine.
      Exit codes of login/whoami/logout: 0 ok, 1 failed, 3 sign-in required (none,
      expired or ended by the server), 4 refused (organisation, server or sign-in refused).
${INDEX_HELP}${AUDIT_HELP}  marie --help | --version
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...indexCommandOptions,
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      root: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      permanent: { type: 'boolean' },
      device: { type: 'boolean' },
      server: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return void process.stdout.write(HELP), 0;
  if (values.version) return void process.stdout.write('marie 0.1.0\n'), 0;
  if (isIndexCommand(command)) return runIndexCommand(command!, rest, values);
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
    case 'login':
      if (rest.length) throw new UsageError('login takes no arguments besides --device and --server URL');
      return login({ device: values.device, server: values.server });
    case 'whoami':
      if (rest.length) throw new UsageError('whoami takes no arguments besides --json');
      return whoami({ json: values.json });
    case 'audit':
      return audit({ action: rest[0], rest: rest.slice(1), json: values.json });
    case 'logout':
      if (rest.length) throw new UsageError('logout takes no arguments');
      return logout();
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
