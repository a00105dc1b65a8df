/* eslint-disable no-console */
// Latency of the index's searches at scale, and of keeping it current.
//
//   cd packages/indexer && node --import tsx bench-search/run.ts [--files 100000] [--corpus /tmp/marie-bench-corpus] [--reuse-index]
//
// The corpus: the project's installed dependencies' sources (≤ 64 KB each) copied into
// distinct folders until there are --files files, each copy given its own first line so no
// two files share content. Tags come from a regex extractor (definitions and calls), fast
// enough to build the index in seconds, so this measures the index and its searches, not
// tree-sitter; the editor-save latency at the end uses the real parse pool.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { packTags } from '../src/common/packedTags.js';
import type { Definition, ParseOutcome, Reference } from '../src/common/tags.js';
import { ParsePool } from '../src/node/parsePool.js';
import { PoolTagSource } from '../src/node/poolTagSource.js';
import type { TagRequest, TagResult, TagSource } from '../src/node/tagSource.js';
// @ts-expect-error -- plain ESM shared with bench-index, no declarations
import { pathQueries, symbolNames, symbolQueries, TEXT_QUERIES } from './queries.mjs';
import { mulberry32 } from '../src/node/testing/trickyCorpus.js';
import { WorkspaceIndex } from '../src/node/workspaceIndex.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const FILES = Number(option('--files', '100000'));
const CORPUS = option('--corpus', '/tmp/marie-bench-corpus');
const INDEX_DIR = `${CORPUS}-index`;
const repo = new URL('../../../', import.meta.url).pathname;

const DEF = /\b(function|class|interface|def|const|let|var|type|enum)\s+([A-Za-z_$][\w$]*)/gu;
const CALL = /\b([A-Za-z_$][\w$]*)\s*\(/gu;
const KIND = { function: 'function', def: 'function', class: 'class', interface: 'interface', const: 'constant', let: 'variable', var: 'variable', type: 'type', enum: 'enum' } as const;

/** Definitions and calls by regex: a stand-in for tree-sitter with a realistic name mix. */
class RegexTags implements TagSource {
  readonly version = 'regex-1';
  async *parse(files: AsyncIterable<TagRequest> | Iterable<TagRequest>): AsyncIterable<TagResult> {
    for await (const f of files) yield { path: f.path, outcome: this.extract(f.content) };
  }
  extract(bytes: Uint8Array): ParseOutcome {
    const text = Buffer.from(bytes).toString('utf8');
    const definitions: Definition[] = [];
    const references: Reference[] = [];
    let line = 0;
    let lineStart = 0;
    const at = (index: number): { l: number; c: number } => {
      while (true) {
        const nl = text.indexOf('\n', lineStart);
        if (nl < 0 || nl >= index) break;
        line++;
        lineStart = nl + 1;
      }
      return { l: line, c: index - lineStart };
    };
    for (const m of text.matchAll(DEF)) {
      const p = at(m.index! + m[0].length - m[2]!.length);
      const range = { startLine: p.l, startColumn: p.c, endLine: p.l, endColumn: p.c + m[2]!.length };
      definitions.push({ name: m[2]!, kind: KIND[m[1] as keyof typeof KIND], range, fullRange: range });
    }
    line = 0;
    lineStart = 0;
    for (const m of text.matchAll(CALL)) {
      if (references.length > 400) break;
      const p = at(m.index!);
      references.push({ name: m[1]!, kind: 'call', range: { startLine: p.l, startColumn: p.c, endLine: p.l, endColumn: p.c + m[1]!.length } });
    }
    return { ok: true, tags: packTags('regex', { definitions, references }) };
  }
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && /\.(js|ts|mjs|cjs|py)$/u.test(e.name) && statSync(p).size <= 64 * 1024) out.push(p);
    }
  };
  for (const d of [join(repo, 'node_modules/.pnpm'), '/usr/lib/python3']) if (existsSync(d)) visit(d);
  return out.sort();
}

function buildCorpus(): { files: number; bytes: number } {
  const marker = join(CORPUS, '.complete');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'));
  rmSync(CORPUS, { recursive: true, force: true });
  const sources = sourceFiles();
  let files = 0;
  let bytes = 0;
  for (let copy = 0; files < FILES; copy++) {
    for (const src of sources) {
      if (files >= FILES) break;
      const rel = relative('/', src).replace(/node_modules\/\.pnpm\//u, 'pkgs/');
      const dest = join(CORPUS, `copy${copy}`, rel);
      mkdirSync(dirname(dest), { recursive: true });
      const body = Buffer.concat([Buffer.from(`// copy ${copy}\n`), readFileSync(src)]);
      writeFileSync(dest, body);
      files++;
      bytes += body.length;
    }
  }
  writeFileSync(marker, JSON.stringify({ files, bytes }));
  return { files, bytes };
}

function percentiles(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (n=${s.length})`;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs each sample, timing wall clock and this process's CPU (the machine may be shared). */
function measure<T>(items: readonly T[], run: (item: T) => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const item of items) {
    const w = performance.now();
    const c = cpuMs();
    run(item);
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - w);
  }
  return { wall, cpu };
}

const report = (m: { wall: number[]; cpu: number[] }): string => `wall ${percentiles(m.wall)}; cpu ${percentiles(m.cpu)}`;

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
  const corpus = buildCorpus();
  console.log(`corpus: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(0)} MB in ${CORPUS}`);

  const reuse = args.includes('--reuse-index') && existsSync(INDEX_DIR);
  if (!reuse) rmSync(INDEX_DIR, { recursive: true, force: true });
  let t0 = performance.now();
  let index = await WorkspaceIndex.open([CORPUS], { tagSource: new RegexTags(), indexDir: INDEX_DIR, watch: false });
  const firstQuickOpen = performance.now() - t0;
  while (index.status().files < corpus.files) await new Promise((r) => setTimeout(r, 20));
  const wholeTree = performance.now() - t0;
  await index.whenIdle();
  const cold = performance.now() - t0;
  const db = new Database(join(INDEX_DIR, 'index.db'), { readonly: true });
  const symbols = db.prepare('SELECT count(*) FROM symbols s JOIN files f ON f.content_id = s.content_id WHERE f.present = 1').pluck().get() as number;
  const names = db.prepare('SELECT count(*) FROM names WHERE kinds <> 0').pluck().get() as number;
  db.close();
  console.log(`${reuse ? 'reused index, caught up in' : 'cold index (regex tags):'} ${(cold / 1000).toFixed(1)} s; open() returned after ${firstQuickOpen.toFixed(0)} ms, quick open covered the whole tree after ${wholeTree.toFixed(0)} ms; ${index.status().files} files, ${symbols} symbols, ${names} distinct defined names; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

  await index.close();
  t0 = performance.now();
  index = await WorkspaceIndex.open([CORPUS], { tagSource: new RegexTags(), indexDir: INDEX_DIR, watch: false });
  const reopened = performance.now() - t0;
  await index.whenIdle();
  console.log(`warm start, nothing changed: open ${reopened.toFixed(0)} ms, metadata scan done after ${(performance.now() - t0).toFixed(0)} ms`);

  // Queries drawn from the corpus itself, deterministically.
  const rand = mulberry32(42);
  const pathQs: string[] = pathQueries(index, rand, 1000);
  console.log(`quick open over ${index.status().files} files: ${report(measure(pathQs, (q) => index.quickOpen(q)))}`);

  const definedNames: string[] = symbolNames(index);
  const symbolQs: string[] = symbolQueries(definedNames, rand, 1000);
  console.log(`workspace symbols over ${symbols} symbols (${names} names): ${report(measure(symbolQs, (q) => index.searchSymbols(q)))}`);
  console.log(`definitions by name: ${report(measure(definedNames.slice(0, 1000), (n) => index.findDefinitions(n)))}`);
  console.log(`references by name (limit 200): ${report(measure(definedNames.slice(0, 300), (n) => index.findReferences(n, { limit: 200 })))}`);

  for (const q of TEXT_QUERIES as { pattern: string; isRegExp?: boolean }[]) {
    const runs: number[] = [];
    const cpus: number[] = [];
    let matches = 0;
    let searched = 0;
    for (let r = 0; r < 5; r++) {
      const s = performance.now();
      const c = cpuMs();
      matches = 0;
      for await (const e of index.findInFiles({ ...q, caseSensitive: true, maxResults: 1e9 })) {
        if (e.type === 'file') matches += e.matches.length;
        else searched = e.filesSearched;
      }
      runs.push(performance.now() - s);
      cpus.push(cpuMs() - c);
    }
    cpus.sort((a, b) => a - b);
    const rgArgs = ['--no-config', '-u', '-j2', '-c', '--max-filesize', '16M', ...(q.isRegExp ? [] : ['-F']), '-e', q.pattern, CORPUS];
    const rgRuns: number[] = [];
    let rgMatches = 0;
    for (let r = 0; r < 3; r++) {
      const s = performance.now();
      const out = spawnSync('rg', rgArgs, { maxBuffer: 1 << 28 }).stdout.toString();
      rgRuns.push(performance.now() - s);
      rgMatches = out.split('\n').filter(Boolean).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(':') + 1)), 0);
    }
    runs.sort((a, b) => a - b);
    rgRuns.sort((a, b) => a - b);
    console.log(`find ${JSON.stringify(q.pattern)}${q.isRegExp ? ' (regex)' : ''}: ours median ${runs[2]!.toFixed(1)} ms wall, ${cpus[2]!.toFixed(1)} ms cpu (${searched} files read, ${matches} matches), rg median ${rgRuns[1]!.toFixed(0)} ms (${rgMatches} matching lines), ${(rgRuns[1]! / runs[2]!).toFixed(0)}× faster`);
  }
  await index.close();

  // Editor saves through the real parse pool: edit → queryable, files up to ~100 KB.
  const ws = `${CORPUS}-saves`;
  rmSync(ws, { recursive: true, force: true });
  rmSync(`${ws}-index`, { recursive: true, force: true });
  mkdirSync(ws, { recursive: true });
  const ts = sourceFiles().filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  let blob = '';
  for (const f of ts) {
    if (blob.length > 95_000) break;
    blob += readFileSync(f, 'utf8');
  }
  for (let i = 0; i < 20; i++) writeFileSync(join(ws, `big${i}.ts`), blob);
  const pool = new ParsePool({ workers: 2 });
  const saves = await WorkspaceIndex.open([ws], { tagSource: new PoolTagSource(pool, 'bench'), indexDir: `${ws}-index`, watch: false });
  await saves.whenIdle();
  const lat: number[] = [];
  const parseOnly: number[] = [];
  for (let i = 0; i < 200; i++) {
    const name = `editedFunction${i}_${Date.now()}`;
    const content = `${blob}\nexport function ${name}() { return ${i}; }\n`;
    const p = performance.now();
    // The pool alone on a twin of the same size (different bytes, so neither hits the
    // pool's result cache): how much of a save is tree-sitter's.
    await pool.parse({ path: join(ws, `twin${i}.ts`), content: Buffer.from(`${content}//`) });
    parseOnly.push(performance.now() - p);
    const s = performance.now();
    await saves.updateFile(join(ws, `big${i % 20}.ts`), content);
    const found = saves.findDefinitions(name).items.length;
    lat.push(performance.now() - s);
    if (found !== 1) throw new Error(`${name} not queryable`);
  }
  console.log(`edit → queryable (${(Buffer.byteLength(blob) / 1024).toFixed(0)} KB TypeScript, real parse pool, 2 workers): ${percentiles(lat)}`);
  console.log(`  the pool's parse of the same size alone: ${percentiles(parseOnly)}`);
  await saves.close();
  await pool.close();
}

await main();
