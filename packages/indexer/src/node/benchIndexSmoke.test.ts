import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// `pnpm bench:index` must not rot: run it end to end on a tiny corpus (the --smoke flag:
// 300 files, few queries) from the TypeScript sources, and check its JSON report has
// every figure (tree-sitter's floor included), that find in files had exactly ripgrep's
// hits and that recall is sane.
/** Folders at and under `dir`. */
function foldersUnder(dir: string): number {
  return 1 + readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? foldersUnder(join(dir, e.name)) : 0), 0);
}

const script = fileURLToPath(new URL('../../../../scripts/bench-index.mjs', import.meta.url));

it('bench:index runs on a tiny corpus and reports every figure', () => {
  const cache = mkdtempSync(join(tmpdir(), 'marie-bench-smoke-'));
  try {
    const run = spawnSync(process.execPath, [script, '--smoke', '--source', '--json', '--cache', cache], { encoding: 'utf8', timeout: 170_000, maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.loadAverage).toMatch(/\d/);
    expect(r.corpus.files).toBe(300);
    const [{ ctags, cold, floor, ratios }] = r.runs;
    expect(ctags.wallMs).toBeGreaterThan(0);
    expect(cold.files).toBe(300);
    for (const key of ['openMs', 'firstResultsMs', 'quickOpenMs', 'findFromIndexMs', 'idleMs', 'peakRssMiB']) expect(cold[key], key).toBeGreaterThan(0);
    expect(cold.openFiles).toBe(3);
    // Tree-sitter's floor parsed exactly the files our build parsed (every corpus file is a supported source).
    expect(cold.parsedFiles).toBe(300);
    expect(floor.files).toBe(cold.parsedFiles);
    expect(floor.timeouts).toBe(0);
    for (const key of ['parseWallMs', 'bytes', 'peakRssMiB']) expect(floor[key], key).toBeGreaterThan(0);
    for (const key of ['oursToCtags', 'floorToCtags', 'oursToFloor']) expect(ratios[key], key).toBeGreaterThan(0);
    expect(r.warm.warmIdleMs).toBeGreaterThan(0);
    // The watching warm start found nothing changed: nothing parsed.
    expect(r.warmLive.idleMs).toBeGreaterThan(0);
    expect(r.warmLive.parsed).toBe(0);
    expect(r.warmLive.workersStarted).toBe(false);
    // Every folder of the corpus watched, once (one inotify watch each).
    expect(r.warmLive.watches).toBe(foldersUnder(r.corpus.dir));
    expect(r.warm.counts.symbols).toBeGreaterThan(0);
    expect([r.warm.quickOpen.n, r.warm.symbols.n, r.warm.edit.n, r.warm.editOpened.n, r.warm.editSameFile.n]).toEqual([50, 50, 10, 10, 5]);
    // Every save of a file opened first re-parsed from the open's tree.
    expect(r.warm.editOpened.reusedTrees).toBe(10);
    expect(r.warm.warmUpMs).toBeGreaterThan(0);
    expect(r.rg.length).toBeGreaterThan(5);
    expect(r.rg.filter((q: { sameHits: boolean }) => !q.sameHits)).toEqual([]);
    expect(r.recall.ctagsDefinitions).toBeGreaterThan(100);
    expect(r.recall.recall).toBeGreaterThan(0.9);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}, 180_000);
