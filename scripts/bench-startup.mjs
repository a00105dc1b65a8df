// pnpm bench:startup — median of 10 cold page loads from navigation to a file's text
// painted in Monaco, and the renderer's JS heap after opening 20 files; side by side
// with a bare Monaco page (the floor any Monaco-based workbench pays), as a ratio.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 10);
const folder = mkdtempSync(join(tmpdir(), 'marie-bench-'));
for (let i = 1; i <= 20; i++) {
  const n = String(i).padStart(2, '0');
  writeFileSync(join(folder, `file${n}.ts`), `// file ${n}\nexport function marker${n}(a: number, b: number): number {\n  return a + b * ${i};\n}\n`.repeat(40));
}

console.error('building the bare-Monaco baseline page…');
const build = spawnSync('npx', ['vite', 'build', '--config', 'bench/startup/baseline/vite.config.ts'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const baselineDir = join(root, 'artifacts/bench-baseline');
mkdirSync(join(baselineDir, 'files'), { recursive: true });
cpSync(folder, join(baselineDir, 'files'), { recursive: true });
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ts': 'text/plain' };
// From memory after the first read, as `marie serve` answers its hashed assets: the floor
// must not pay for disk reads the workbench does not.
const files = new Map();
const staticServer = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    const file = join(baselineDir, path === '/' ? 'index.html' : path);
    if (!files.has(file)) files.set(file, await readFile(file));
    const body = files.get(file);
    res.writeHead(200, { 'Content-Type': types[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream') });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => staticServer.listen(0, '127.0.0.1', r));
const baselineUrl = `http://127.0.0.1:${staticServer.address().port}/`;

const serve = spawn(process.execPath, [join(root, 'apps/cli/dist/main.js'), 'serve', folder], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((r) => serve.stdout.on('data', (d) => /http\S+token=\S+/.test(String(d)) && r(/http\S+token=\S+/.exec(String(d))[0])));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});

async function coldLoad(open) {
  const context = await browser.newContext(); // fresh cache and storage: a cold load
  const page = await context.newPage();
  const t0 = performance.now();
  await open(page);
  await page.locator('.monaco-editor .view-lines', { hasText: 'marker01' }).first().waitFor({ timeout: 30_000 });
  const ms = performance.now() - t0;
  await context.close();
  return ms;
}

const openOurs = async (page) => {
  await page.goto(url);
  await page.getByRole('treeitem', { name: 'file01.ts' }).click();
};
const openBaseline = (page) => page.goto(`${baselineUrl}?file=file01.ts`);

const ours = [];
const floor = [];
await coldLoad(openOurs); // warm the OS page cache and the server, not the browser
await coldLoad(openBaseline);
for (let i = 0; i < runs; i++) {
  ours.push(await coldLoad(openOurs));
  floor.push(await coldLoad(openBaseline));
}

const context = await browser.newContext();
const page = await context.newPage();
await page.goto(url);
for (let i = 1; i <= 20; i++) {
  const name = `file${String(i).padStart(2, '0')}.ts`;
  await page.getByRole('treeitem', { name }).dblclick();
  await page.locator('.monaco-editor .view-lines', { hasText: `marker${name.slice(4, 6)}` }).first().waitFor();
}
const cdp = await context.newCDPSession(page);
await cdp.send('HeapProfiler.collectGarbage');
const { usedSize } = await cdp.send('Runtime.getHeapUsage');

await browser.close();
serve.kill('SIGINT');
staticServer.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mOurs = median(ours);
const mFloor = median(floor);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}, ${process.platform}`);
console.log(`cold load → text painted, median of ${runs}: MarieIDE ${mOurs.toFixed(0)} ms | bare Monaco page ${mFloor.toFixed(0)} ms | ratio ${(mOurs / mFloor).toFixed(2)}× (goal < 800 ms)`);
console.log(`  MarieIDE runs (ms): ${ours.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`  bare Monaco runs (ms): ${floor.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`renderer JS heap after opening 20 files (after GC): ${(usedSize / 2 ** 20).toFixed(1)} MB (goal < 150 MB)`);
process.exit(0);
