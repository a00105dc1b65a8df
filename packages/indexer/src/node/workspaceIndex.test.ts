import { createHash } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexProgress, TextSearchEvent } from '../common/searchTypes.js';
import type { TagRequest, TagResult } from './tagSource.js';
import type { IndexReader } from './store/indexReader.js';
import { FixedTagsForTests } from './testing/fixedTagsForTests.js';
import { TempWorkspace } from './testing/tempWorkspace.js';
import { WorkspaceIndex, type WorkspaceIndexOptions } from './workspaceIndex.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function workspace(files: Record<string, string | Uint8Array>): TempWorkspace {
  const ws = new TempWorkspace(files);
  cleanups.push(() => ws.dispose());
  return ws;
}

async function open(ws: TempWorkspace, tags = new FixedTagsForTests(), extra: Partial<WorkspaceIndexOptions> = {}): Promise<WorkspaceIndex> {
  const index = await WorkspaceIndex.open([ws.root], { tagSource: tags, indexDir: ws.indexDir, watch: false, ...extra });
  cleanups.push(() => index.close());
  await index.whenIdle();
  return index;
}

async function grep(index: WorkspaceIndex, pattern: string, extra: object = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const e of index.findInFiles({ pattern, caseSensitive: true, ...extra }) as AsyncIterable<TextSearchEvent>) {
    if (e.type === 'file') for (const m of e.matches) out.push(`${e.relativePath}:${m.line}:${m.column}`);
  }
  return out.sort();
}

const SOURCE = {
  'src/editor.ts': 'class Editor {\n  method goToDefinition() {\n    render()\n  }\n  method getText() {\n  }\n}\nfunction render() {\n}\n',
  'src/util/strings.ts': 'function trimEnd() {\n}\nconst MAX_LENGTH\n',
  'src/util/copy.ts': 'function trimEnd() {\n}\nconst MAX_LENGTH\n',
  'README.md': 'Editor docs: goToDefinition jumps.\n',
};

describe('WorkspaceIndex', () => {
  it('indexes a workspace and answers every search', async () => {
    const ws = workspace(SOURCE);
    const index = await open(ws);
    expect(index.role).toBe('writer');
    expect(index.quickOpen('edts').items[0]?.relativePath).toBe('src/editor.ts');
    expect(index.searchSymbols('gTD').items.map((s) => s.name)).toContain('goToDefinition');
    const defs = index.findDefinitions('trimEnd').items.map((d) => d.relativePath).sort();
    expect(defs).toEqual(['src/util/copy.ts', 'src/util/strings.ts']);
    expect(index.findReferences('render').items.map((r) => [r.relativePath, r.range.startLine])).toEqual([['src/editor.ts', 2]]);
    const outline = index.outline(ws.path('src/editor.ts'));
    expect(outline.map((n) => [n.name, n.children.map((c) => c.name)])).toEqual([
      ['Editor', ['goToDefinition', 'getText']],
      ['render', []],
    ]);
    expect(await grep(index, 'goToDefinition')).toEqual(['README.md:0:13', 'src/editor.ts:1:9']);
  });

  it('reopens without parsing anything again', async () => {
    const ws = workspace(SOURCE);
    const first = new FixedTagsForTests();
    const a = await open(ws, first);
    // Two files share content: parsed once.
    expect(first.parsed.length).toBe(2);
    await a.close();
    const second = new FixedTagsForTests();
    const b = await open(ws, second);
    expect(second.parsed).toEqual([]);
    expect(b.searchSymbols('trimEnd').items.length).toBe(2);
  });

  it('finds references of a name that is never defined (not among the names the reader loads)', async () => {
    const ws = workspace({ ...SOURCE, 'src/caller.ts': 'function caller() {\n  neverDefined()\n}\n' });
    const index = await open(ws);
    expect(index.findDefinitions('neverDefined').items).toEqual([]);
    expect(index.findReferences('neverDefined').items.map((r) => [r.relativePath, r.range.startLine])).toEqual([['src/caller.ts', 1]]);
  });

  it('keeps no tags of other bytes than those it hashed (a source that read the file again)', async () => {
    const sha1 = (bytes: Uint8Array | string): string => createHash('sha1').update(bytes).digest('hex');
    /** Says which bytes it parsed; for reread.ts, other bytes than the index read. */
    class RereadingTags extends FixedTagsForTests {
      override async *parse(files: AsyncIterable<TagRequest> | Iterable<TagRequest>, signal?: AbortSignal): AsyncIterable<TagResult> {
        for await (const r of super.parse(files, signal)) yield { ...r, sha1: r.path.endsWith('reread.ts') ? sha1('changed since') : sha1(readFileSync(r.path)) };
      }
    }
    const ws = workspace({ ...SOURCE, 'src/reread.ts': 'function reread() {\n}\n' });
    const a = await open(ws, new RereadingTags());
    expect(a.findDefinitions('reread').items).toEqual([]);
    expect(a.findDefinitions('render').items.map((d) => d.relativePath)).toEqual(['src/editor.ts']);
    await a.close();
    // Left unparsed (not stored as failed): the next session parses it.
    const tags = new FixedTagsForTests();
    const b = await open(ws, tags);
    expect(tags.parsed.map((p) => p.slice(ws.root.length + 1))).toEqual(['src/reread.ts']);
    expect(b.findDefinitions('reread').items.map((d) => d.relativePath)).toEqual(['src/reread.ts']);
  });

  it('loads the defined names in the background once a live index is ready, and a one-shot index only on first use', async () => {
    const namesLoaded = (index: WorkspaceIndex) => (index as unknown as { reader: IndexReader }).reader.namesLoaded;
    const oneShot = await open(workspace(SOURCE));
    await new Promise((r) => setTimeout(r, 50));
    expect(namesLoaded(oneShot)).toBe(false);
    expect(oneShot.searchSymbols('trimEnd').items.length).toBe(2);
    expect(namesLoaded(oneShot)).toBe(true);

    const live = await open(workspace(SOURCE), new FixedTagsForTests(), { watch: true });
    for (let i = 0; i < 100 && !namesLoaded(live); i++) await new Promise((r) => setTimeout(r, 20));
    expect(namesLoaded(live)).toBe(true);
    expect(live.searchSymbols('trimEnd').items.length).toBe(2);
  });

  it('finds changes made while closed', async () => {
    const ws = workspace(SOURCE);
    const a = await open(ws);
    await a.close();
    ws.write({ 'src/new.ts': 'function freshlyAdded() {\n}\n', 'src/util/strings.ts': 'function trimStart() {\n}\n' });
    ws.remove('src/util/copy.ts');
    const tags = new FixedTagsForTests();
    const b = await open(ws, tags);
    expect(tags.parsed.map((p) => p.slice(ws.root.length + 1)).sort()).toEqual(['src/new.ts', 'src/util/strings.ts']);
    expect(b.findDefinitions('freshlyAdded').items.length).toBe(1);
    expect(b.findDefinitions('trimEnd').items).toEqual([]);
    expect(b.quickOpen('copy').items.map((i) => i.relativePath)).not.toContain('src/util/copy.ts');
    expect(await grep(b, 'trimStart')).toEqual(['src/util/strings.ts:0:9']);
  });

  it('finds a file gone in one session and back in the next, a touched file, and reads nothing when nothing changed', async () => {
    const ws = workspace({ ...SOURCE, 'src/back.ts': 'function comesBack() {\n}\n' });
    await (await open(ws)).close();
    ws.remove('src/back.ts');
    const b = await open(ws);
    expect(b.findDefinitions('comesBack').items).toEqual([]);
    await b.close();
    ws.write({ 'src/back.ts': 'function cameBack() {\n}\n' });
    // Same bytes, new mtime: read and hashed again, not parsed again.
    utimesSync(ws.path('src/editor.ts'), new Date(), new Date(Date.now() + 5_000));
    const tags = new FixedTagsForTests();
    const c = await open(ws, tags);
    expect(tags.parsed.map((p) => p.slice(ws.root.length + 1))).toEqual(['src/back.ts']);
    expect(c.findDefinitions('cameBack').items.map((d) => d.relativePath)).toEqual(['src/back.ts']);
    expect(c.findDefinitions('render').items.map((d) => d.relativePath)).toEqual(['src/editor.ts']);
    await c.close();
    const again = new FixedTagsForTests();
    const toRead: number[] = [];
    const d = await open(ws, again, { onProgress: (p) => p.phase === 'parsing' && toRead.push(p.filesTotal) });
    expect(again.parsed).toEqual([]);
    expect(Math.max(...toRead)).toBe(0);
    expect(d.status().files).toBe(5);
    expect(d.quickOpen('back').items.map((i) => i.relativePath)).toContain('src/back.ts');
  });

  it('makes a save queryable at once with updateFile', async () => {
    const ws = workspace(SOURCE);
    const index = await open(ws);
    writeFileSync(ws.path('src/editor.ts'), 'class Editor {\n  method renamedMethod() {\n  }\n}\n');
    await index.updateFile(ws.path('src/editor.ts'));
    expect(index.findDefinitions('renamedMethod').items.length).toBe(1);
    expect(index.findDefinitions('goToDefinition').items).toEqual([]);
    expect(await grep(index, 'renamedMethod')).toEqual(['src/editor.ts:1:9']);
    // With the content given (the editor's buffer), nothing is read from disk.
    await index.updateFile(ws.path('src/util/strings.ts'), 'function fromBuffer() {\n}\n');
    expect(index.findDefinitions('fromBuffer').items.length).toBe(1);
  });

  it('indexes a file opened in the editor ahead of a running build, and only once', async () => {
    const ws = workspace(SOURCE);
    const tags = new FixedTagsForTests();
    let release!: () => void;
    tags.hold = new Promise((r) => (release = r));
    const index = await WorkspaceIndex.open([ws.root], { tagSource: tags, indexDir: ws.indexDir, watch: false });
    cleanups.push(() => index.close());
    cleanups.push(() => release());
    const path = ws.path('src/editor.ts');
    await index.fileOpened(path, readFileSync(path));
    // The build's parsing is held, yet the opened file is searchable: symbols, outline, text.
    expect(index.status().phase).not.toBe('ready');
    expect(index.findDefinitions('goToDefinition').items.map((d) => d.relativePath)).toEqual(['src/editor.ts']);
    expect(index.outline(path).map((n) => n.name)).toEqual(['Editor', 'render']);
    expect(index.findDefinitions('trimEnd').items).toEqual([]);
    expect(await grep(index, 'goToDefinition')).toEqual(['README.md:0:13', 'src/editor.ts:1:9']);
    release();
    await index.whenIdle();
    expect(index.findDefinitions('trimEnd').items).toHaveLength(2);
    // The build found the opened file's content parsed already: it was parsed once.
    expect(tags.parsed.filter((p) => p === path)).toHaveLength(1);
    // Once the index is ready an opened file is not stored again (nothing changed).
    await index.fileOpened(path, readFileSync(path));
    expect(tags.parsed.filter((p) => p === path)).toHaveLength(1);
  });

  it('answers quick open from discovery’s listing while the listing’s commit waits', async () => {
    const ws = workspace(SOURCE);
    let lock: Database.Database | undefined;
    const index = await WorkspaceIndex.open([ws.root], {
      tagSource: new FixedTagsForTests(),
      indexDir: ws.indexDir,
      watch: false,
      // As discovery begins, another connection takes the write lock: the listing's commit waits for it.
      onProgress: (p) => {
        if (p.phase !== 'discovering' || lock) return;
        lock = new Database(join(ws.indexDir, 'index.db'));
        lock.exec('BEGIN IMMEDIATE');
      },
    });
    cleanups.push(() => index.close());
    try {
      let result = index.quickOpen('strings');
      for (let i = 0; i < 300 && result.partial; i++) {
        await new Promise((r) => setTimeout(r, 10));
        result = index.quickOpen('strings');
      }
      expect(result.partial).toBe(false);
      expect(result.items.map((i) => i.relativePath)).toEqual(['src/util/strings.ts']);
      expect(index.quickOpen('').partial).toBe(false);
      // Not one row of the listing is committed yet: the answer came from the listing itself.
      expect(lock!.prepare('SELECT count(*) FROM files').pluck().get()).toBe(0);
    } finally {
      lock?.exec('ROLLBACK');
      lock?.close();
    }
    await index.whenIdle();
    expect(index.quickOpen('strings').items.map((i) => i.relativePath)).toEqual(['src/util/strings.ts']);
    expect(index.status().files).toBe(4);
  });

  it('rebuilds a corrupt database', async () => {
    const ws = workspace(SOURCE);
    const a = await open(ws);
    const dbFile = a.status().dbPath;
    await a.close();
    const bytes = readFileSync(dbFile);
    bytes.fill(0x5a, 0, 4096); // header and first page destroyed
    writeFileSync(dbFile, bytes);
    const b = await open(ws);
    expect(b.status().openedAs).toBe('corrupt');
    expect(b.findDefinitions('render').items.length).toBe(1);
  });

  it('lists binary and oversized files but neither parses nor searches what it must not', async () => {
    const big = `function inBigFile() {\n}\n${'// filler line with marker-big\n'.repeat(70_000)}`;
    const ws = workspace({
      'bin.ts': Buffer.concat([Buffer.from('function inBinary() {\n}\nmarker-bin\n'), Buffer.from([0, 1, 2])]),
      'big.ts': big,
      'huge.txt': 'marker-huge\n'.repeat(400_000),
      'ok.ts': 'function fine() {\n}\n// marker-ok\n',
    });
    const tags = new FixedTagsForTests();
    const index = await open(ws, tags, { maxParseBytes: 1 << 20, maxTextBytes: 3 << 20 });
    expect(big.length).toBeGreaterThan(1 << 20);
    expect(tags.parsed.map((p) => p.slice(ws.root.length + 1))).toEqual(['ok.ts']);
    for (const name of ['bin.ts', 'big.ts', 'huge.txt', 'ok.ts']) expect(index.quickOpen(name).items[0]?.relativePath).toBe(name);
    // Over the parse limit, still searched (the first ten of its lines, capped).
    expect(await grep(index, 'marker-', { maxResults: 10 })).toEqual(Array.from({ length: 10 }, (_, i) => `big.ts:${i + 2}:20`).sort());
    expect(await grep(index, 'marker-bin')).toEqual([]);
    expect(await grep(index, 'marker-huge')).toEqual([]);
    expect(await grep(index, 'marker-ok')).toEqual(['ok.ts:2:3']);
  });

  it('ranks recently opened files first among similar matches, and remembers them', async () => {
    const ws = workspace({ 'a/config.ts': '', 'bb/config.ts': '', 'ccc/config.ts': '', 'ccc/configuration.ts': '' });
    const a = await open(ws);
    expect(a.quickOpen('config').items[0]?.relativePath).toBe('a/config.ts');
    a.recordOpened(ws.path('ccc/config.ts'));
    expect(a.quickOpen('config').items[0]?.relativePath).toBe('ccc/config.ts');
    // Recency reorders close matches, it does not beat a much better one.
    a.recordOpened(ws.path('ccc/configuration.ts'));
    expect(a.quickOpen('config').items.map((i) => i.relativePath).indexOf('ccc/configuration.ts')).toBeGreaterThan(0);
    // The empty query lists recent files, most recent first; and they survive a restart.
    expect(a.quickOpen('').items.map((i) => i.relativePath)).toEqual(['ccc/configuration.ts', 'ccc/config.ts']);
    await a.close();
    const b = await open(ws);
    expect(b.quickOpen('').items.map((i) => i.relativePath)).toEqual(['ccc/configuration.ts', 'ccc/config.ts']);
  });

  it('filters symbols by kind', async () => {
    const ws = workspace({ 'a.ts': 'class Render {\n  method render() {\n  }\n}\nfunction renderAll() {\n}\nconst RENDER_MAX\n' });
    const index = await open(ws);
    const kinds = (k?: ('class' | 'method' | 'function' | 'constant')[]): string[] => index.searchSymbols('render', k ? { kinds: k } : {}).items.map((s) => `${s.kind}:${s.name}`).sort();
    expect(kinds()).toEqual(['class:Render', 'constant:RENDER_MAX', 'function:renderAll', 'method:render']);
    expect(kinds(['method'])).toEqual(['method:render']);
    expect(kinds(['class', 'function'])).toEqual(['class:Render', 'function:renderAll']);
  });

  it('reports progress through every phase', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.ts`] = `function f${i}() {\n}\n`;
    const ws = workspace(files);
    const seen: IndexProgress[] = [];
    const index = await open(ws, new FixedTagsForTests(), { onProgress: (p) => seen.push(p) });
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual(['discovering', 'parsing', 'storing', 'ready']);
    const parsing = seen.filter((p) => p.phase === 'parsing');
    expect(parsing[parsing.length - 1]).toMatchObject({ filesDone: 50, filesTotal: 50 });
    expect(index.status().phase).toBe('ready');
  });

  it('detects when size and mtime are unchanged but still reindexes on explicit update', async () => {
    const ws = workspace({ 'a.ts': 'function one() {\n}\n' });
    const index = await open(ws);
    const before = readFileSync(ws.path('a.ts'));
    writeFileSync(ws.path('a.ts'), 'function two() {\n}\n');
    utimesSync(ws.path('a.ts'), new Date(), new Date(Date.now() - 3600_000));
    expect(before.length).toBe(readFileSync(ws.path('a.ts')).length);
    await index.updateFile(ws.path('a.ts'));
    expect(index.findDefinitions('two').items.length).toBe(1);
  });
});
