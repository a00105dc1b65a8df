/* global process, performance */
// Child of `pnpm bench:index`, run after cold.mjs on the same index: a warm start with
// nothing changed, the warm-up an IDE's live index runs by itself once ready (timed
// apart), then the searches' latency (quick open, workspace symbols, find in
// files with its hits written out for the comparison with rg), then editor saves
// (edit → queryable). Prints one JSON line.
//
//   node warm.mjs '{"roots":[…],"indexDir":"…","workers":2,"queries":1000,"textRuns":5,"edits":200,"hitsFile":"…","source":false}'
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pathQueries, symbolNames, symbolQueries, TEXT_QUERIES } from '../bench-search/queries.mjs';
import { editTargets } from './editTargets.mjs';
import { exitWith, loadIndexer, percentiles, timedWarmStart } from './indexerModules.mjs';

const cfg = JSON.parse(process.argv[2]);
const { ParsePool, PoolTagSource, WorkspaceIndex, mulberry32 } = await loadIndexer(cfg.source);

const pool = new ParsePool({ workers: cfg.workers });
const warmStart = await timedWarmStart(WorkspaceIndex, cfg.roots, { tagSource: new PoolTagSource(pool, 'bench'), indexDir: cfg.indexDir, watch: false });
const { index } = warmStart;
// The IDE's index is live (watching) and warms up in the background once ready; this one
// does not watch (its saves come from updateFile), so it is asked to, and the time it took
// is reported beside the warm start rather than inside the first query's or save's.
const warmUpStart = performance.now();
await index.warmUp();
const warmUpMs = performance.now() - warmUpStart;

const db = new Database(join(cfg.indexDir, 'index.db'), { readonly: true });
const counts = {
  files: index.status().files,
  symbols: db.prepare('SELECT count(*) FROM symbols s JOIN files f ON f.content_id = s.content_id WHERE f.present = 1').pluck().get(),
  definedNames: db.prepare('SELECT count(*) FROM names WHERE kinds <> 0').pluck().get(),
  dbMiB: Math.round(db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() / 2 ** 20),
};
db.close();

const time = (items, run) =>
  percentiles(
    items.map((item) => {
      const s = performance.now();
      run(item);
      return performance.now() - s;
    }),
  );
const rand = mulberry32(42);
const quickOpen = time(pathQueries(index, rand, cfg.queries), (q) => index.quickOpen(q));
const symbols = time(symbolQueries(symbolNames(index), rand, cfg.queries), (q) => index.searchSymbols(q));

// Find in files: every run of every query is one sample; hits of the last run are kept.
const textSamples = [];
const perQuery = [];
const hits = [];
for (const q of TEXT_QUERIES) {
  const runs = [];
  let lines = [];
  let filesSearched = 0;
  let fromIndex = false;
  for (let r = 0; r < cfg.textRuns; r++) {
    lines = [];
    const s = performance.now();
    for await (const e of index.findInFiles({ ...q, caseSensitive: true, maxResults: 1e9 })) {
      if (e.type === 'file') for (const m of e.matches) lines.push(`${e.path}:${m.line + 1}`);
      else ({ filesSearched, fromIndex } = e);
    }
    runs.push(performance.now() - s);
  }
  textSamples.push(...runs);
  perQuery.push({ ...q, ms: percentiles(runs), samples: runs, filesSearched, fromIndex });
  hits.push([...new Set(lines)]);
}
writeFileSync(cfg.hitsFile, JSON.stringify(hits));

// Editor saves: the largest source files up to 100 KB, each saved with one new function,
// in turn: first never opened (each save a first save of its file for the workers' few
// kept trees: a full parse), then as the IDE does it, each opened in the editor before it
// is saved (the open parses it in the background and keeps its tree; not timed); then the
// largest one saved again and again (as an editor's auto-save does: incremental re-parses).
const targets = editTargets(cfg.roots, cfg.edits > 0 ? 20 : 0);
const save = async (path, i) => {
  const name = `benchEdited_${i}_${process.pid}`;
  const content = `${readFileSync(path, 'utf8')}\nexport function ${name}() { return ${i}; }\n`;
  const start = performance.now();
  await index.updateFile(path, content);
  const found = index.findDefinitions(name).items.length;
  const ms = performance.now() - start;
  if (found !== 1) throw new Error(`${name} was not queryable after the save of ${path}`);
  return ms;
};
const editMs = [];
for (let i = 0; i < cfg.edits && targets.length > 0; i++) editMs.push(await save(targets[i % targets.length], i));
const openedMs = [];
const reusedBefore = pool.stats().reusedTrees;
for (let i = 0; i < cfg.edits && targets.length > 0; i++) {
  const path = targets[i % targets.length];
  await index.fileOpened(path, readFileSync(path));
  openedMs.push(await save(path, cfg.edits + i));
}
const reusedTrees = pool.stats().reusedTrees - reusedBefore;
const sameFileMs = [];
for (let i = 0; i < cfg.edits / 2 && targets.length > 0; i++) sameFileMs.push(await save(targets[0], 2 * cfg.edits + i));

await index.close();
await pool.close();
exitWith({
  warmOpenMs: warmStart.openMs,
  warmIdleMs: warmStart.idleMs,
  warmPhases: warmStart.phases,
  warmCpuMs: warmStart.cpuMs,
  warmSystemMs: warmStart.systemMs,
  warmUpMs,
  counts,
  quickOpen,
  symbols,
  findInFiles: { all: percentiles(textSamples), perQuery },
  edit: editMs.length > 0 ? { ...percentiles(editMs), files: targets.length, largestKB: Math.round(Math.max(...targets.map((t) => readFileSync(t).length)) / 1024) } : undefined,
  editOpened: openedMs.length > 0 ? { ...percentiles(openedMs), reusedTrees } : undefined,
  editSameFile: sameFileMs.length > 0 ? { ...percentiles(sameFileMs), kB: Math.round(readFileSync(targets[0]).length / 1024) } : undefined,
});
