// pnpm bench:index [dir…] — the indexer against universal-ctags and ripgrep, side by side in
// one run on the same files: cold build next to tree-sitter's own floor (parse only), time
// to quick open and to indexed find in files, warm start, edit → queryable, quick open /
// symbol / find-in-files latency, recall.
//
// Options: --files N (corpus size, default 100000), --max-file-kb K (largest source taken,
// default 128), --workers W (default 2), --queries Q (default 1000), --text-runs R (default
// 5), --edits E (default 200), --repeat N (cold build and ctags N times, alternating),
// --no-corpus (only the given dirs), --cache DIR (default $XDG_CACHE_HOME/marieide-bench),
// --json (the report as one JSON object on stdout), --keep (keep indexes and tags),
// --source (run the indexer from its TypeScript sources), --smoke (a tiny run for tests).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TEXT_QUERIES } from '../packages/indexer/bench-search/queries.mjs';
import { defaultCacheDir, ensureCorpus, treeSize } from './bench-index-corpus.mjs';
import { printReport, runRatios } from './bench-index-report.mjs';
import { loadAverage, machine, runCtags, runMeasured, runRg } from './bench-index-tools.mjs';

const repo = resolve(import.meta.dirname, '..');
const indexerDir = join(repo, 'packages/indexer');
const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    files: { type: 'string', default: '100000' },
    'max-file-kb': { type: 'string', default: '128' },
    workers: { type: 'string', default: '2' },
    queries: { type: 'string', default: '1000' },
    'text-runs': { type: 'string', default: '5' },
    edits: { type: 'string', default: '200' },
    repeat: { type: 'string', default: '1' },
    'no-corpus': { type: 'boolean', default: false },
    cache: { type: 'string' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    source: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
if (o.smoke) Object.assign(o, { files: '300', queries: '50', 'text-runs': '2', edits: '10' });
const num = (k) => Number(o[k]);
const log = (line) => process.stderr.write(`${line}\n`);
const cacheDir = resolve(o.cache ?? defaultCacheDir());
const work = join(cacheDir, `run-${process.pid}`);
mkdirSync(work, { recursive: true });

try {
  if (!o.source) {
    log('building packages/indexer (tsc -b)…');
    runMeasured(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-b', join(indexerDir, 'tsconfig.json')]);
  }
  const corpus = o['no-corpus'] ? undefined : ensureCorpus({ repo, cacheDir, files: num('files'), maxBytes: num('max-file-kb') * 1024, log });
  const roots = [...(corpus ? [corpus.dir] : []), ...positionals.map((d) => resolve(d))];
  if (roots.length === 0) throw new Error('nothing to index: give a directory or drop --no-corpus');
  const extra = positionals.map((d) => treeSize(resolve(d)));
  const files = (corpus?.files ?? 0) + extra.reduce((a, t) => a + t.files, 0);
  const bytes = (corpus?.bytes ?? 0) + extra.reduce((a, t) => a + t.bytes, 0);

  const child = (script, cfg) => {
    const args = [...(o.source ? ['--import', 'tsx'] : []), join(indexerDir, 'bench-index', script), JSON.stringify({ source: o.source, ...cfg })];
    const r = runMeasured(process.execPath, args, { cwd: indexerDir });
    return { ...JSON.parse(r.stdout.trim().split('\n').pop()), wallMs: r.wallMs, timePeakRssMiB: r.peakRssMiB, loadAverage: loadAverage() };
  };
  // Page cache warmed for everyone, not timed: one full read of the tree (and of our index
  // when it exists). Again before each warm phase, ours and the tools': this machine's
  // kernel reclaims pages left idle for a minute or two, even with most of the RAM free.
  const warmPageCache = (indexDir) => {
    runRg(roots, { pattern: 'marie-bench-warm-up-no-such-text' });
    if (indexDir) for (const name of readdirSync(indexDir)) readFileSync(join(indexDir, name));
  };
  warmPageCache();

  const tagsFile = join(work, 'tags');
  const indexDir = join(work, 'index');
  const runs = [];
  for (let i = 0; i < num('repeat'); i++) {
    const ctags = { ...runCtags(roots, tagsFile), loadAverage: loadAverage() };
    log(`ctags -R: ${(ctags.wallMs / 1000).toFixed(1)} s, ${ctags.peakRssMiB} MiB (load ${ctags.loadAverage})`);
    rmSync(indexDir, { recursive: true, force: true });
    const cold = child('cold.mjs', { roots, indexDir, workers: num('workers') });
    log(`ours cold: ${(cold.idleMs / 1000).toFixed(1)} s, ${cold.peakRssMiB} MiB (load ${cold.loadAverage})`);
    // Tree-sitter's floor on the same files, right after: parse only, as many threads as our workers.
    const floor = child('floor.mjs', { roots, workers: num('workers') });
    log(`tree-sitter floor: ${(floor.parseWallMs / 1000).toFixed(1)} s for ${floor.files} files (load ${floor.loadAverage})`);
    delete ctags.stdout;
    delete ctags.stderr;
    runs.push({ ctags, cold, floor, ratios: runRatios({ ctags, cold, floor }) });
  }
  const recall = child('recall.mjs', { roots, indexDir, tagsFile });
  const hitsFile = join(work, 'hits.json');
  warmPageCache(indexDir);
  const warmLive = { ...child('warmLive.mjs', { roots, indexDir, workers: num('workers') }), loadAverage: loadAverage() };
  warmPageCache(indexDir);
  const warm = child('warm.mjs', { roots, indexDir, workers: num('workers'), queries: num('queries'), textRuns: num('text-runs'), edits: num('edits'), hitsFile });
  warmPageCache();
  const ctagsAgain = { ...runCtags(roots, tagsFile), loadAverage: loadAverage() };
  delete ctagsAgain.stdout;
  delete ctagsAgain.stderr;

  const ours = JSON.parse(readFileSync(hitsFile, 'utf8'));
  const rg = TEXT_QUERIES.map((q, i) => {
    const samples = [];
    let lines;
    for (let r = 0; r < Math.max(3, num('text-runs')); r++) ({ wallMs: samples[r], lines } = runRg(roots, q));
    const mine = new Set(ours[i]);
    const missing = [...lines].filter((l) => !mine.has(l));
    const extra = ours[i].filter((l) => !lines.has(l));
    return { pattern: q.pattern, isRegExp: q.isRegExp === true, samples, lines: lines.size, sameHits: missing.length === 0 && extra.length === 0, missing: missing.slice(0, 5), extra: extra.slice(0, 5) };
  });

  const report = { machine: machine(), corpus: { ...corpus, extraDirs: positionals }, files, bytes, workers: num('workers'), runs, warmLive, warm, ctagsAgain, recall, rg };
  writeFileSync(join(cacheDir, 'last-report.json'), JSON.stringify(report, null, 2));
  if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else printReport(report);
} finally {
  if (!o.keep) rmSync(work, { recursive: true, force: true });
}
