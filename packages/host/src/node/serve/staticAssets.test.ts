import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaticAssets } from './staticAssets.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marie-assets-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const text = async (p: Promise<{ body: Buffer } | undefined>) => String((await p)?.body);

describe('static assets', () => {
  it('types files and marks hashed assets immutable, the page not', async () => {
    const assets = createStaticAssets(dir);
    expect(await assets.load('/assets/app-1.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', immutable: true });
    expect(await assets.load('/')).toMatchObject({ contentType: 'text/html; charset=utf-8', immutable: false });
  });

  it('keeps immutable assets in memory, and re-reads the page every time', async () => {
    const assets = createStaticAssets(dir);
    await Promise.all([assets.load('/assets/app-1.js'), assets.load('/assets/app-1.js'), assets.load('/')]);
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'changed');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><p>rebuilt');
    expect(await text(assets.load('/assets/app-1.js'))).toBe('console.log(1)');
    expect(await text(assets.load('/'))).toBe('<!doctype html><p>rebuilt');
  });

  it('reads files that do not fit the cache from disk each time, and forgets missing ones', async () => {
    const assets = createStaticAssets(dir, { cacheBytes: 4 });
    await assets.load('/assets/app-1.js');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'changed');
    expect(await text(assets.load('/assets/app-1.js'))).toBe('changed');
    expect(await assets.load('/assets/late-1.js')).toBeUndefined();
    writeFileSync(join(dir, 'assets', 'late-1.js'), 'now');
    expect(await text(assets.load('/assets/late-1.js'))).toBe('now');
  });

  it('never leaves the folder', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    const assets = createStaticAssets(join(dir, 'assets'));
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00', '/a\\b', '/%E0%A4%A', '/']) expect(await assets.load(p), p).toBeUndefined();
    expect(await assets.load('/app-1.js')).toBeDefined();
  });
});
