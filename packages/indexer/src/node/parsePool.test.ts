import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { unpackTags } from '../common/packedTags.js';
import { ParsePool, type ParseResult } from './parsePool.js';
import { PoolTagSource } from './poolTagSource.js';

const dir = mkdtempSync(join(tmpdir(), 'marie-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pools: ParsePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
function makePool(options: ConstructorParameters<typeof ParsePool>[0] = {}): ParsePool {
  const pool = new ParsePool(options);
  pools.push(pool);
  return pool;
}

function writeSources(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `${prefix}${i}.ts`);
    writeFileSync(path, `export function fn${i}(x: number) { return helper${i}(x); }\nexport class C${i} { m() {} }\n`);
    return path;
  });
}

describe('ParsePool', () => {
  it('serves an interactive job (an editor save) ahead of queued bulk work', async () => {
    const pool = makePool({ workers: 1 });
    const bulk = writeSources(300, 'bulk');
    const [urgent] = writeSources(1, 'urgent');
    let bulkDone = 0;
    const all = bulk.map((path) => pool.parse({ path }).then(() => bulkDone++));
    await new Promise((r) => setTimeout(r, 20));
    // Batches finished before the save was asked for do not count (the first ones can be
    // smaller than 16, sent while the jobs were still arriving).
    const doneBefore = bulkDone;
    const result = await pool.parse({ path: urgent!, priority: 'interactive' });
    expect(result.outcome.ok).toBe(true);
    // At most the batches the worker already held (2 × 16) ran before it, not the 268 queued.
    expect(bulkDone - doneBefore).toBeLessThanOrEqual(32);
    await Promise.all(all);
    expect(bulkDone).toBe(300);
  });

  it('re-parses the first save of a file opened in the editor from its tree, with bulk work running on both workers', async () => {
    const pool = makePool({ workers: 2 });
    const source = new PoolTagSource(pool);
    const bulk = writeSources(300, 'busy');
    const all = bulk.map((path) => pool.parse({ path }));
    const opened = writeSources(3, 'opened');
    for (const path of opened) await source.opened(path, readFileSync(path));
    for (const path of opened) {
      const edited = Buffer.from(`${readFileSync(path, 'utf8')}export function typed() {}\n`);
      const saved = await pool.parse({ path, content: edited, priority: 'interactive' });
      expect(saved.reusedTree).toBe(true);
      expect(saved.outcome.ok && unpackTags(saved.outcome.tags).definitions.map((d) => d.name)).toContain('typed');
    }
    // A save of a file never opened is a full parse.
    const [other] = writeSources(1, 'unopened');
    expect((await pool.parse({ path: other!, content: readFileSync(other!), priority: 'interactive' })).reusedTree).toBeUndefined();
    await Promise.all(all);
  });

  it('parses a file and reports its identity', async () => {
    const pool = makePool({ workers: 1 });
    const [path] = writeSources(1, 'one');
    const result = await pool.parse({ path: path! });
    expect(result.outcome.ok).toBe(true);
    if (!result.outcome.ok) return;
    expect(unpackTags(result.outcome.tags).definitions.map((d) => [d.name, d.kind, d.container])).toEqual([
      ['fn0', 'function', undefined],
      ['C0', 'class', undefined],
      ['m', 'method', 'C0'],
    ]);
    expect(unpackTags(result.outcome.tags).references.map((r) => r.name)).toEqual(['helper0']);
    expect(result.size).toBeGreaterThan(0);
    expect(result.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(result.mtimeMs).toBeGreaterThan(0);
  });

  it('parses content handed over instead of reading the file', async () => {
    const pool = makePool({ workers: 1 });
    const result = await pool.parse({ path: join(dir, 'unsaved.py'), content: new TextEncoder().encode('def unsaved():\n    pass\n') });
    expect(result.outcome.ok && unpackTags(result.outcome.tags).definitions[0]?.name).toBe('unsaved');
  });

  it('says which files it does not support, without a worker round trip', async () => {
    const pool = makePool({ workers: 1 });
    expect(pool.languageOf('/x/readme.md')).toBeUndefined();
    expect(pool.languageOf('/x/a.tsx')).toBe('tsx');
    expect(pool.languageOf('/x/lib.h')).toBe('cpp');
    expect(pool.languageOf('/x/.bashrc')).toBe('bash');
    const result = await pool.parse({ path: join(dir, 'readme.md') });
    expect(result.outcome).toMatchObject({ ok: false, reason: 'unsupported' });
  });

  it('answers every submitted job through onResult, in any order, and drains', async () => {
    const results: ParseResult[] = [];
    const pool = makePool({ workers: 2, onResult: (r) => results.push(r) });
    const paths = writeSources(120, 'many');
    for (const path of paths) await pool.submit({ path });
    await pool.drain();
    expect(results.map((r) => r.path).sort()).toEqual([...paths].sort());
    expect(results.every((r) => r.outcome.ok)).toBe(true);
    expect(pool.stats()).toMatchObject({ pending: 0, completed: 120, workerRestarts: 0 });
  });

  it('reuses the result for identical contents', async () => {
    const pool = makePool({ workers: 1 });
    const a = join(dir, 'same-a.js');
    const b = join(dir, 'same-b.js');
    writeFileSync(a, 'function same() {}\n');
    writeFileSync(b, 'function same() {}\n');
    const first = await pool.parse({ path: a });
    const second = await pool.parse({ path: b });
    expect(first.cached).toBeUndefined();
    expect(second.cached).toBe(true);
    expect(second.path).toBe(b);
    expect(second.outcome).toEqual(first.outcome);
  });

  it('holds submitters back while the queue is full', async () => {
    const capacity = 4;
    const pool = makePool({ workers: 1, queueCapacity: capacity, batchSize: 1, onResult: () => {} });
    const paths = writeSources(40, 'bp');
    let maxQueued = 0;
    let accepted = 0;
    const submits = paths.map((path) =>
      pool.submit({ path }).then(() => {
        accepted++;
        maxQueued = Math.max(maxQueued, pool.stats().queued);
      }),
    );
    await new Promise((r) => setImmediate(r));
    // Only the queue's room (plus the two one-job batches a worker holds) was accepted at once.
    expect(accepted).toBeLessThanOrEqual(capacity + 2);
    await Promise.all(submits);
    await pool.drain();
    expect(maxQueued).toBeLessThanOrEqual(capacity);
    expect(pool.stats().completed).toBe(40);
  });

  it('cancels: drops queued work, stops workers after their file, and stays usable', async () => {
    const results: ParseResult[] = [];
    const pool = makePool({ workers: 2, queueCapacity: 1000, batchSize: 4, onResult: (r) => results.push(r) });
    const paths = writeSources(400, 'cancel');
    const controller = new AbortController();
    for (const path of paths) await pool.submit({ path }, controller.signal);
    controller.abort();
    await pool.drain();
    const stats = pool.stats();
    expect(stats.cancelled).toBeGreaterThan(300);
    expect(stats.completed + stats.cancelled).toBe(400);
    expect(results.length).toBe(stats.completed);
    await expect(pool.submit({ path: paths[0]! }, controller.signal)).rejects.toThrow(/abort/i);
    await expect(pool.parse({ path: paths[0]! }, controller.signal)).rejects.toThrow(/abort/i);
    const after = await pool.parse({ path: paths[1]! });
    expect(after.outcome.ok).toBe(true);
  });

  it('cancel() drops everything pending and rejects waiting parses', async () => {
    const pool = makePool({ workers: 1, batchSize: 1 });
    const paths = writeSources(50, 'cancelall');
    const parses = paths.map((path) => pool.parse({ path }).then((r) => r.outcome.ok, (e: Error) => e.name));
    pool.cancel();
    const outcomes = await Promise.all(parses);
    expect(outcomes.filter((o) => o === 'AbortError').length).toBeGreaterThan(40);
    await pool.drain();
    expect(pool.stats().pending).toBe(0);
  });
});
