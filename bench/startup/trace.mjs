// node bench/startup/trace.mjs — where a cold start spends its time. One warm-up load, then
// one traced cold load of the built workbench (`marie serve`, as bench:startup does it):
// page milestones, resource timings, main-thread tasks, off-thread script compilation and
// CPU self time by script and function, all in ms from navigation. The raw trace goes to
// artifacts/startup-trace.json (open it in Chrome DevTools' Performance panel).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'marie-trace-'));
for (let i = 1; i <= 20; i++) {
  const n = String(i).padStart(2, '0');
  writeFileSync(join(folder, `file${n}.ts`), `// file ${n}\nexport function marker${n}(a: number, b: number): number {\n  return a + b * ${i};\n}\n`.repeat(40));
}
const serve = spawn(process.execPath, [join(root, 'apps/cli/dist/main.js'), 'serve', folder], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((r) => serve.stdout.on('data', (d) => /http\S+token=\S+/.test(String(d)) && r(/http\S+token=\S+/.exec(String(d))[0])));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});

// Milestones seen from inside the page (performance.mark), so no harness latency is in them.
// Runs in the page, hence its globals:
/* global addEventListener, document, MutationObserver */
function markMilestones() {
  const seen = new Set();
  const mark = (name) => seen.has(name) || (seen.add(name), performance.mark(name));
  addEventListener('DOMContentLoaded', () => mark('DOMContentLoaded'));
  addEventListener('click', () => mark('click'), true);
  new MutationObserver(() => {
    if (document.querySelector('.app-message')) mark('connecting');
    if ([...document.querySelectorAll('[role=treeitem]')].some((e) => e.textContent.includes('file01.ts'))) mark('tree shown');
    if (document.querySelector('.editor-message')) mark('document loading');
    if (document.querySelector('#root .monaco-editor')) mark('editor in page');
    if (document.querySelector('.monaco-editor .view-lines')?.textContent.includes('marker01')) mark('text painted');
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function coldLoad(trace) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(markMilestones);
  const cdp = await context.newCDPSession(page);
  const events = [];
  if (trace) {
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading', 'disabled-by-default-v8.cpu_profiler'];
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
  }
  await page.goto(url);
  await page.getByRole('treeitem', { name: 'file01.ts' }).click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'marker01' }).first().waitFor({ timeout: 30_000 });
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.startTime, m.name]));
  const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => [r.startTime, r.responseStart, r.responseEnd, r.name]));
  if (trace) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
  }
  await context.close();
  return { marks, resources, events };
}

await coldLoad(false);
const { marks, resources, events } = await coldLoad(true);
await browser.close();
serve.kill('SIGINT');
mkdirSync(join(root, 'artifacts'), { recursive: true });
writeFileSync(join(root, 'artifacts/startup-trace.json'), JSON.stringify({ traceEvents: events }));

const ms = (x) => String(Math.round(x)).padStart(6);
const short = (u = '') => u.split('/').pop().split('?')[0] || u;
const navStart = Math.min(...events.filter((e) => e.name === 'navigationStart').map((e) => e.ts));
const at = (e) => (e.ts - navStart) / 1000;

console.log('page milestones');
for (const [t, name] of marks) console.log(ms(t), name);
console.log('\nresources (start, response start, end)');
for (const [s, h, e, name] of resources) console.log(ms(s), ms(h), ms(e), short(name));

const threads = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const busiest = new Map();
for (const e of events) if (threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain') busiest.set(`${e.pid}:${e.tid}`, (busiest.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
const main = [...busiest].sort((a, b) => b[1] - a[1])[0]?.[0];
const kinds = new Set(['FunctionCall', 'v8.evaluateModule', 'v8.compileModule', 'EventDispatch', 'FireAnimationFrame', 'FireIdleCallback', 'TimerFire', 'RunMicrotasks', 'Layout', 'ParseHTML', 'MajorGC', 'EvaluateScript']);
console.log('\nmain-thread tasks ≥ 10 ms (start, duration, kind, script)');
for (const e of events) {
  if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X' || !kinds.has(e.name) || e.dur < 10_000) continue;
  console.log(ms(at(e)), ms(e.dur / 1000), e.name, short(e.args?.data?.url ?? ''));
}
console.log('\noff-thread script compilation (start, duration, script)');
for (const e of events) if (e.ph === 'X' && e.name.includes('ScriptStreamingTask') && e.dur >= 5_000) console.log(ms(at(e)), ms(e.dur / 1000), short(e.args?.url ?? e.args?.data?.url));

// The renderer's CPU profile: the earliest profile is the page's main thread.
const profiles = events.filter((e) => e.name === 'Profile').sort((a, b) => a.args.data.startTime - b.args.data.startTime);
const profile = profiles[0];
const nodes = new Map();
const bySelf = { url: new Map(), fn: new Map() };
for (const e of events) {
  if (e.name !== 'ProfileChunk' || e.pid !== profile?.pid || e.id !== profile?.id) continue;
  const cpu = e.args.data.cpuProfile ?? {};
  for (const n of cpu.nodes ?? []) nodes.set(n.id, n);
  (cpu.samples ?? []).forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const dt = e.args.data.timeDeltas?.[i] ?? 0;
    const script = short(frame.url) || `(${frame.functionName})`;
    bySelf.url.set(script, (bySelf.url.get(script) ?? 0) + dt);
    const fn = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber}`;
    bySelf.fn.set(fn, (bySelf.fn.get(fn) ?? 0) + dt);
  });
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${ms(v / 1000)} ${k}`).join('\n');
console.log('\nmain-thread CPU self time by script\n' + top(bySelf.url, 12));
console.log('\nmain-thread CPU self time by function\n' + top(bySelf.fn, 25));
console.log('\nfull trace: artifacts/startup-trace.json');
process.exit(0);
