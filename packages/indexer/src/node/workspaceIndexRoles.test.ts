import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedTagsForTests } from './testing/fixedTagsForTests.js';
import { TempWorkspace } from './testing/tempWorkspace.js';
import { WorkspaceIndex } from './workspaceIndex.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function workspace(): TempWorkspace {
  const ws = new TempWorkspace({
    'a.ts': 'class Alpha {\n  method run() {\n  }\n}\n',
    'b.ts': 'function beta() {\n  run()\n}\n',
  });
  cleanups.push(() => ws.dispose());
  return ws;
}

async function open(ws: TempWorkspace, tags = new FixedTagsForTests(), leaseRetryMs = 50): Promise<WorkspaceIndex> {
  const index = await WorkspaceIndex.open([ws.root], { tagSource: tags, indexDir: ws.indexDir, watch: false, leaseRetryMs });
  cleanups.push(() => index.close());
  await index.whenIdle();
  return index;
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two windows on one workspace', () => {
  it('lets one write while the other reads, and hands over when the writer closes', async () => {
    const ws = workspace();
    const a = await open(ws);
    const b = await open(ws);
    expect([a.role, b.role]).toEqual(['writer', 'reader']);
    expect(b.findDefinitions('Alpha').items.length).toBe(1);
    // The reader sees the writer's commits.
    ws.write({ 'c.ts': 'function gamma() {\n}\n' });
    await a.updateFile(ws.path('c.ts'));
    expect(b.findDefinitions('gamma').items.length).toBe(1);
    expect(b.quickOpen('c.ts').items[0]?.relativePath).toBe('c.ts');
    // A reader does not write.
    ws.write({ 'd.ts': 'function delta() {\n}\n' });
    await b.updateFile(ws.path('d.ts'));
    expect(a.findDefinitions('delta').items).toEqual([]);
    await a.close();
    await until(() => b.role === 'writer');
    await b.whenIdle();
    expect(b.findDefinitions('delta').items.length).toBe(1);
  });

  it('takes over at once from a writer process that died', async () => {
    const ws = workspace();
    const script = join(ws.base, 'writer.mts');
    const indexModule = fileURLToPath(new URL('./workspaceIndex.ts', import.meta.url));
    const tagsModule = fileURLToPath(new URL('./testing/fixedTagsForTests.ts', import.meta.url));
    writeFileSync(
      script,
      `import { WorkspaceIndex } from ${JSON.stringify(indexModule)};
import { FixedTagsForTests } from ${JSON.stringify(tagsModule)};
const index = await WorkspaceIndex.open([${JSON.stringify(ws.root)}], { tagSource: new FixedTagsForTests(), indexDir: ${JSON.stringify(ws.indexDir)}, watch: false });
await index.whenIdle();
process.stdout.write(index.role + '\\n');
setInterval(() => {}, 1000);
`,
    );
    // `node --import tsx` (not the tsx CLI, which forks): the lease must name this very process.
    const packageDir = fileURLToPath(new URL('../..', import.meta.url));
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void child.kill('SIGKILL'));
    const role = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(role).toBe('writer');
    const b = await open(ws);
    expect(b.role).toBe('reader');
    expect(b.findDefinitions('beta').items.length).toBe(1);
    child.kill('SIGKILL');
    // Its pid is gone: the lease is stale at once, without waiting for the heartbeat timeout.
    await until(() => b.role === 'writer', 3000);
  }, 30_000);
});

describe('a database that cannot be trusted', () => {
  it('rebuilds after a schema version change', async () => {
    const ws = workspace();
    const a = await open(ws);
    const dbFile = a.status().dbPath;
    await a.close();
    const db = new Database(dbFile);
    db.pragma('user_version = 999');
    db.close();
    const tags = new FixedTagsForTests();
    const b = await open(ws, tags);
    expect(b.status().openedAs).toBe('schema');
    expect(tags.parsed.length).toBe(2);
    expect(b.findDefinitions('beta').items.length).toBe(1);
  });

  it('rebuilds when the file is not a database at all', async () => {
    const ws = workspace();
    const a = await open(ws);
    const dbFile = a.status().dbPath;
    await a.close();
    writeFileSync(dbFile, 'this is not sqlite');
    const b = await open(ws);
    expect(b.status().openedAs).toBe('corrupt');
    expect(b.findDefinitions('Alpha').items.length).toBe(1);
  });

  function scribbleAfterFirstPage(dbFile: string): void {
    const size = statSync(dbFile).size;
    const fd = openSync(dbFile, 'r+');
    const page = Buffer.alloc(4096, 0x77);
    for (let offset = 4096; offset < size; offset += 4096) writeSync(fd, page, 0, page.length, offset);
    closeSync(fd);
  }

  function manyFiles(ws: TempWorkspace): void {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`many/f${i}.ts`] = `function fn${i}() {\n  call${i}()\n}\n`;
    ws.write(files);
  }

  it('rebuilds when pages are damaged behind an intact header', async () => {
    const ws = workspace();
    manyFiles(ws);
    const a = await open(ws);
    const dbFile = a.status().dbPath;
    await a.close(); // clean shutdown: no integrity check on the next open
    scribbleAfterFirstPage(dbFile);
    const b = await open(ws);
    expect(b.status().openedAs).toBe('corrupt');
    expect(b.findDefinitions('fn123').items.length).toBe(1);
  });

  it('survives pages damaged while it runs, then rebuilds', async () => {
    const ws = workspace();
    manyFiles(ws);
    const index = await open(ws);
    const dbFile = index.status().dbPath;
    // Move everything from the WAL into the main file, then damage the main file.
    const side = new Database(dbFile);
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    scribbleAfterFirstPage(dbFile);
    // Searches must not throw; they come back empty (partial) while the index rebuilds.
    expect(() => index.searchSymbols('fn1')).not.toThrow();
    expect(() => index.findDefinitions('fn1')).not.toThrow();
    await until(() => index.status().rebuilds > 0);
    await index.whenIdle();
    expect(index.findDefinitions('fn123').items.length).toBe(1);
  });
});
