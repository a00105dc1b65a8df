// What a real tree throws at the parser: bad bytes, huge files, files that change or
// vanish under it, things that are not files, parsers that hang, workers that die.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { unpackTags } from '../common/packedTags.js';
import { ParsePool, type ParsePoolOptions, type ParseResult } from './parsePool.js';

const dir = mkdtempSync(join(tmpdir(), 'marie-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pools: ParsePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
function makePool(options: ParsePoolOptions = {}): ParsePool {
  const pool = new ParsePool(options);
  pools.push(pool);
  return pool;
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** About `bytes` of one-line, minified-looking JavaScript. */
function minifiedJs(bytes: number): string {
  const unit = 'function a0(b,c){return b.map(function(d){return d*c+a1(d)})};var e0={f:1,g:[1,2,3]};';
  return unit.repeat(Math.ceil(bytes / unit.length));
}

function reasonOf(result: ParseResult): string {
  return result.outcome.ok ? 'ok' : result.outcome.reason;
}

describe('parse robustness', () => {
  it('parses invalid UTF-8 (bad bytes become U+FFFD; positions stay right)', async () => {
    const pool = makePool({ workers: 1 });
    const bytes = Buffer.concat([Buffer.from('const s = "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('";\nfunction afterBadBytes() {}\n')]);
    const result = await pool.parse({ path: file('bad-utf8.js', bytes) });
    expect(result.outcome.ok).toBe(true);
    if (!result.outcome.ok) return;
    const def = unpackTags(result.outcome.tags).definitions.find((d) => d.name === 'afterBadBytes');
    expect(def?.range).toEqual({ startLine: 1, startColumn: 9, endLine: 1, endColumn: 22 });
  });

  it('says too-large for a 50 MB minified file without reading it', async () => {
    const pool = makePool({ workers: 1 });
    const path = file('huge.min.js', minifiedJs(50 * 1024 * 1024));
    const started = Date.now();
    const result = await pool.parse({ path });
    expect(reasonOf(result)).toBe('too-large');
    expect(result.size).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('with the size limit lifted, a 50 MB minified file parses or times out within the limit, and the pool goes on', async () => {
    const pool = makePool({ workers: 1, limits: { maxFileBytes: 64 * 1024 * 1024, timeLimitMs: 1500 } });
    const path = file('huge2.min.js', minifiedJs(50 * 1024 * 1024));
    const started = Date.now();
    const result = await pool.parse({ path });
    expect(['ok', 'timeout']).toContain(reasonOf(result));
    expect(Date.now() - started).toBeLessThan(15_000);
    const next = await pool.parse({ path: file('after-huge.js', 'function fine() {}') });
    expect(reasonOf(next)).toBe('ok');
    expect(pool.stats().workerRestarts).toBe(0);
  }, 60_000);

  it('times out a parse that runs past the per-file limit (tree-sitter halts it)', async () => {
    const pool = makePool({ workers: 1, limits: { timeLimitMs: 1, maxFileBytes: 8 * 1024 * 1024 } });
    const result = await pool.parse({ path: file('slow.min.js', minifiedJs(4 * 1024 * 1024)) });
    expect(reasonOf(result)).toBe('timeout');
    expect(result.outcome.ok ? '' : result.outcome.message).toMatch(/halted/);
    // The parser was reset: the next file parses from scratch, not from where the last one stopped.
    const next = await makePool({ workers: 1 }).parse({ path: file('after-slow.js', 'function fresh() {}') });
    expect(next.outcome.ok && unpackTags(next.outcome.tags).definitions[0]?.name).toBe('fresh');
  });

  it('says binary for a binary with a source extension', async () => {
    const pool = makePool({ workers: 1 });
    const result = await pool.parse({ path: file('image.ts', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])) });
    expect(reasonOf(result)).toBe('binary');
    // A NUL far past the first 8 KiB counts too: the index and find in files judge the same way.
    const late = await pool.parse({ path: file('late-nul.js', Buffer.concat([Buffer.from('function a() {}\n'.repeat(1000)), Buffer.from([0])])) });
    expect(reasonOf(late)).toBe('binary');
  });

  it('says unreadable for a missing file, a directory and a FIFO (without blocking on it)', async () => {
    const pool = makePool({ workers: 1 });
    mkdirSync(join(dir, 'folder.ts'));
    execFileSync('mkfifo', [join(dir, 'pipe.py')]);
    const results = await Promise.all([join(dir, 'missing.ts'), join(dir, 'folder.ts'), join(dir, 'pipe.py')].map((path) => pool.parse({ path })));
    expect(results.map(reasonOf)).toEqual(['unreadable', 'unreadable', 'unreadable']);
  });

  it('survives files truncated or deleted while the pool works through them', async () => {
    const pool = makePool({ workers: 2, batchSize: 2 });
    const body = 'export function f() { return 1; }\n'.repeat(8_000);
    const paths = Array.from({ length: 30 }, (_, i) => file(`churn${i}.ts`, body));
    const churn = setInterval(() => {
      for (const [i, path] of paths.entries()) {
        try {
          if (i % 3 === 0) unlinkSync(path);
          // Only ever shrink: extending with truncate would pad with NULs (a binary, rightly).
          else if (i % 3 === 1) truncateSync(path, Math.floor(Math.random() * statSync(path).size));
          else writeFileSync(path, body);
        } catch {
          /* already gone */
        }
      }
    }, 5);
    const results = await Promise.all(paths.map((path) => pool.parse({ path })));
    clearInterval(churn);
    for (const r of results) expect(['ok', 'unreadable']).toContain(reasonOf(r));
    expect(pool.stats().workerRestarts).toBe(0);
  });

  it('restarts a crashed worker, retries the file once on a fresh one, then quarantines it', async () => {
    const results: ParseResult[] = [];
    const pool = makePool({ workers: 1, batchSize: 8, faultInjection: { exitOnPathContaining: 'CRASH-ME' }, onResult: (r) => results.push(r) });
    const good = Array.from({ length: 10 }, (_, i) => file(`good${i}.js`, `function good${i}() {}`));
    const bad = file('CRASH-ME.js', 'function never() {}');
    for (const path of [...good.slice(0, 5), bad, ...good.slice(5)]) await pool.submit({ path, identity: 'v1' });
    await pool.drain();
    expect(results.filter((r) => r.outcome.ok).map((r) => r.path).sort()).toEqual([...good].sort());
    const crashed = results.find((r) => r.path === bad);
    expect(crashed?.outcome).toMatchObject({ ok: false, reason: 'crashed' });
    expect(pool.stats().workerRestarts).toBe(2);
    expect(pool.quarantined()).toEqual([bad]);
    // Quarantined for that identity: answered at once, no third crash.
    expect(reasonOf(await pool.parse({ path: bad, identity: 'v1' }))).toBe('crashed');
    expect(pool.stats().workerRestarts).toBe(2);
    expect(reasonOf(await pool.parse({ path: good[0]! }))).toBe('ok');
  });

  it('moves a job\'s own bytes to the worker, and reads the file when a dead worker took them', async () => {
    const owned = (text: string): Buffer => {
      const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
      bytes.write(text);
      return bytes;
    };
    const names = (r: ParseResult | undefined): string[] => (r?.outcome.ok ? unpackTags(r.outcome.tags).definitions.map((d) => d.name) : []);
    const pool1 = makePool({ workers: 1 });
    const content = owned('function sent() {}');
    // The caller's hash of its bytes is taken as given, not computed again.
    const moved = await pool1.parse({ path: file('moved.js', 'function onDisk() {}'), content, transfer: true, contentSha1: 'hash-from-the-caller' });
    expect(names(moved)).toEqual(['sent']);
    expect(moved.sha1).toBe('hash-from-the-caller');
    expect(content.buffer.byteLength).toBe(0); // moved, not copied

    const results: ParseResult[] = [];
    const pool = makePool({ workers: 1, batchSize: 8, faultInjection: { exitOnPathContaining: 'CRASH-MOVED' }, onResult: (r) => results.push(r) });
    const paths = Array.from({ length: 4 }, (_, i) => file(`moved${i}.js`, `function onDisk${i}() {}`));
    const bad = file('CRASH-MOVED.js', 'function never() {}');
    // The culprit alone in the first batch, moved0 in the second: both are in the worker when it dies.
    const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
    for (const path of [bad, ...paths]) {
      const text = `function sent${path.slice(-4, -3)}() {}`;
      await pool.submit({ path, content: owned(text), transfer: true, contentSha1: sha1(text) });
    }
    await pool.drain();
    for (const [i, path] of paths.entries()) {
      // Sent again after a crash took its bytes (and so their hash): read from disk, and the sha1 says so.
      const r = results.find((x) => x.path === path);
      const fromDisk = r?.sha1 === sha1(`function onDisk${i}() {}`);
      expect(names(r)).toEqual([fromDisk ? `onDisk${i}` : `sent${i}`]);
      if (!fromDisk) expect(r?.sha1).toBe(sha1(`function sent${i}() {}`));
      if (i === 0) expect(fromDisk).toBe(true);
    }
    expect(results.find((r) => r.path === bad)?.outcome).toMatchObject({ ok: false, reason: 'crashed' });
  });

  it('terminates a worker stuck past the limit from the main side and replaces it', async () => {
    const pool = makePool({ workers: 1, limits: { timeLimitMs: 200 }, watchdogGraceMs: 300, faultInjection: { hangOnPathContaining: 'HANG-ME' } });
    const hung = pool.parse({ path: file('HANG-ME.ts', 'let x = 1;') });
    const queuedBehind = pool.parse({ path: file('behind.ts', 'function behind() {}') });
    const result = await hung;
    expect(reasonOf(result)).toBe('timeout');
    expect(result.outcome.ok ? '' : result.outcome.message).toMatch(/terminated/);
    expect(reasonOf(await queuedBehind)).toBe('ok');
    expect(pool.stats()).toMatchObject({ watchdogKills: 1, workerRestarts: 1 });
  });
});
