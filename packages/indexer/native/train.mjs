/* global process, URL */
// The training run of the addon's profile-guided build (build.mjs): the parse worker's own
// code (TagsEngine, from its TypeScript sources through tsx) extracts the tags of this
// repository's sources and of every language's fixtures, so the instrumented addon records
// which branches of tree-sitter's runtime, the walk matcher and the trigram loop are hot.
// Trained on our own code, not on the benchmark's corpus, so the bench measures a build
// that never saw its files. Prints one line: files, bytes, seconds.
//
//   node native/train.mjs <repository root>
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';
import { walkFiles } from '../bench-index/walkFiles.mjs';

register();
const root = process.argv[2];
const src = (name) => import(new URL(`../src/${name}.ts`, import.meta.url).href);
const [{ TagsEngine }, { LanguageRegistry, defaultLanguagesDir }, { DEFAULT_LIMITS }, { loadNativeTags }] = await Promise.all([
  src('worker/tagsEngine'),
  src('worker/languageRegistry'),
  src('node/parsePool'),
  src('worker/nativeTags'),
]);
const addon = loadNativeTags();
if (!addon) throw new Error('train.mjs: the instrumented addon did not load');

const registry = LanguageRegistry.load(defaultLanguagesDir());
// Our own sources only: not dependencies, build output or the bootstrap's tools.
const SKIP = new Set(['node_modules', 'dist', '.git', '.tools', 'build']);
const paths = [];
const claim = (path) => registry.forPath(path) && statSync(path).size <= DEFAULT_LIMITS.maxFileBytes && paths.push(path);
for (const dir of ['apps', 'packages', 'scripts']) walkFiles(join(root, dir), claim, SKIP);
const engine = new TagsEngine(registry, { ...DEFAULT_LIMITS, matcher: 'walk' });
const seen = new Uint32Array(1 << 21); // common/trigram.ts's TRIGRAM_SPACE
const t0 = process.hrtime.bigint();
let bytes = 0;
let parsed = 0;
for (const [i, path] of paths.entries()) {
  const content = readFileSync(path);
  bytes += content.length;
  const result = await engine.parse({ path, content });
  // A binary or over-long test file is a legitimate answer; the profile needs the parses.
  if (result.outcome.ok) parsed++;
  addon.extractTrigrams?.(content, seen, i + 1, new Int32Array(content.length), 0);
}
if (parsed === 0) throw new Error('train.mjs: no file parsed');
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(`trained on ${parsed} of ${paths.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s\n`);
