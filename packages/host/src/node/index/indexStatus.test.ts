import { ParsePool } from '@marie/indexer/parse-pool';
import { PoolTagSource, WorkspaceIndex } from '@marie/indexer/node';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { statusOf } from './indexStatus.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('passes on why the index may miss changes on disk as the status warning', async () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-status-')));
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  mkdirSync(join(base, 'ws'));
  writeFileSync(join(base, 'ws/a.ts'), 'export function a() {}\n');
  const pool = new ParsePool({ workers: 1 });
  cleanups.push(() => pool.close());
  const open = (startWatcher?: () => Promise<never>) =>
    WorkspaceIndex.open([join(base, 'ws')], { tagSource: new PoolTagSource(pool, 'test'), indexDir: join(base, startWatcher ? 'broken' : 'fine'), ...(startWatcher ? { startWatcher } : {}) });

  const fine = await open();
  cleanups.push(() => fine.close());
  await fine.whenIdle();
  expect(statusOf(fine, undefined, { symbols: 1, quarantined: 0 }).warning).toBeUndefined();

  // A watcher that cannot start (as when the system is out of inotify instances).
  const broken = await open(() => Promise.reject(new Error('inotify_init1 failed')));
  cleanups.push(() => broken.close());
  await broken.whenIdle();
  const status = statusOf(broken, undefined, { symbols: 1, quarantined: 0 });
  expect(status.warning).toBe('changes on disk are not watched: inotify_init1 failed');
  // The index itself works: built from its scan.
  expect(status.files).toBe(1);
  expect(broken.findDefinitions('a').items).toHaveLength(1);
});
