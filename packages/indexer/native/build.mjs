/* global process */
// Builds build/Release/marie_tags.node (`pnpm --filter @marie/indexer build:native`, run by
// scripts/bootstrap.sh). pnpm puts its own node-gyp on PATH for scripts; the running Node's
// installed headers are used when present, so nothing is downloaded.
//
// With gcc the build is profile-guided: an instrumented build first, then train.mjs runs
// the parse worker's code on this repository's sources, then the final build uses the
// recorded profile (tree-sitter's parse ran 20-30% faster; docs/decisions.md). Any failure
// in those steps falls back to a plain build. MARIE_NATIVE_PGO=0 asks for the plain build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const here = import.meta.dirname;
const prefix = dirname(dirname(process.execPath));
const args = ['rebuild', '--loglevel=warn', '--directory', here];
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include/node/node_api.h'))) args.push(`--nodedir=${prefix}`);

/** node-gyp rebuild with `flags` added to the compiler's and the linker's; true when it built. */
function rebuild(flags = '') {
  const env = { ...process.env };
  if (flags) for (const name of ['CFLAGS', 'LDFLAGS']) env[name] = `${env[name] ?? ''} ${flags}`.trim();
  const gyp = process.env.npm_config_node_gyp;
  const run = gyp ? spawnSync(process.execPath, [gyp, ...args], { stdio: 'inherit', env }) : spawnSync('node-gyp', args, { stdio: 'inherit', env });
  return run.status === 0;
}

/** node-gyp compiles with `cc` (or $CC); only gcc takes the profile flags used here. */
function compilerIsGcc() {
  const version = spawnSync(process.env.CC ?? 'cc', ['--version'], { encoding: 'utf8' });
  return version.status === 0 && /Free Software Foundation/.test(version.stdout);
}

function profileGuidedBuild() {
  const profile = mkdtempSync(join(tmpdir(), 'marie-tags-profile-'));
  try {
    if (!rebuild(`-fprofile-generate=${profile}`)) return false;
    const train = spawnSync(process.execPath, [join(here, 'train.mjs'), join(here, '../../..')], { stdio: 'inherit' });
    // One .gcda file per object; none means the instrumented addon never ran.
    if (train.status !== 0 || readdirSync(profile).length === 0) return false;
    // Code the training never ran is still optimized for speed, not size (-fprofile-partial-training).
    return rebuild(`-fprofile-use=${profile} -fprofile-partial-training`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.env.MARIE_NATIVE_PGO !== '0' && compilerIsGcc()) {
  if (profileGuidedBuild()) process.exit(0);
  process.stderr.write('marie_tags: the profile-guided build failed; building without a profile\n');
}
process.exit(rebuild() ? 0 : 1);
