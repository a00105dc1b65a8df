/* global process */
// Builds build/Release/marie_tags.node (`pnpm --filter @marie/indexer build:native`, run by
// scripts/bootstrap.sh). pnpm puts its own node-gyp on PATH for scripts; the running Node's
// installed headers are used when present, so nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const prefix = dirname(dirname(process.execPath));
const args = ['rebuild', '--loglevel=warn', '--directory', import.meta.dirname];
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include/node/node_api.h'))) args.push(`--nodedir=${prefix}`);
const gyp = process.env.npm_config_node_gyp;
const run = gyp ? spawnSync(process.execPath, [gyp, ...args], { stdio: 'inherit' }) : spawnSync('node-gyp', args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
