/* global performance */
// One thread of floor.mjs: takes files off the shared counter and parses each with tree-sitter
// alone, through the parse worker's own code (reading, decoding, grammar, native addon).
// Says "ready" once loaded, starts on "go", answers with what it did and its own CPU time.
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { ownThreadCpuS, loadParsing } from './indexerModules.mjs';

const { source, paths, next, limits } = workerData;
// A worker thread does not inherit the parent's `--import tsx`: register it, as src/worker/parseWorkerSource.mjs does.
if (source) (await import('tsx/esm/api')).register();
const { LanguageRegistry, defaultLanguagesDir, loadGrammar, loadNativeTags, NativeFlag, readSource, decodeSource } = await loadParsing(source);
const registry = LanguageRegistry.load(defaultLanguagesDir());
const addon = loadNativeTags();
if (!addon) throw new Error('the native addon is not built: pnpm --filter @marie/indexer build:native');

// The grammar's Language external per language id, loaded on first use as a worker does.
const languages = new Map();
async function languageOf(config) {
  if (!languages.has(config.id)) languages.set(config.id, (await loadGrammar(config)).language);
  return languages.get(config.id);
}

parentPort.postMessage('ready');
await once(parentPort, 'message');
const cpu0 = ownThreadCpuS();
const t0 = performance.now();
const done = { files: 0, bytes: 0, binary: 0, unreadable: 0, timeouts: 0, syntaxErrors: 0 };
const limitMicros = limits.timeLimitMs * 1000;
for (let i = Atomics.add(next, 0, 1); i < paths.length; i = Atomics.add(next, 0, 1)) {
  const read = readSource(paths[i], limits.maxFileBytes);
  if (!read.ok) done.unreadable++;
  else if (read.bytes.indexOf(0) >= 0) done.binary++; // a NUL anywhere: binary to the index (build/readContent.ts)
  else {
    const language = await languageOf(registry.forPath(paths[i]));
    // No query and no walker: parse only; the answer is [flags, 0].
    const [flags] = addon.tags(language, null, decodeSource(read.bytes), limitMicros, limits.matchLimit);
    done.files++;
    done.bytes += read.bytes.length;
    if (flags & NativeFlag.parseTimeout) done.timeouts++;
    if (flags & NativeFlag.hasError) done.syntaxErrors++;
  }
}
parentPort.postMessage({ ...done, cpuS: ownThreadCpuS() - cpu0, busyMs: performance.now() - t0 });
