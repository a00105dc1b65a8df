// Measuring other processes for `pnpm bench:index`: wall time and peak RSS of a child (via
// GNU time, which reads the kernel's own high-water mark, so short peaks are not missed),
// universal-ctags and ripgrep runs, and the machine the figures come from.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const GNU_TIME = '/usr/bin/time';

export function loadAverage() {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadAverage: loadAverage(),
    ctags: firstLine(spawnSync('ctags', ['--version'], { encoding: 'utf8' }).stdout),
    rg: firstLine(spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout),
  };
}

function firstLine(text) {
  return (text ?? '').split('\n')[0] || 'missing';
}

/**
 * Runs a command to completion; returns wall ms, peak RSS (MiB, from GNU time when present)
 * and its output. Throws when it fails, with its stderr.
 */
export function runMeasured(command, args, options = {}) {
  const timed = existsSync(GNU_TIME);
  const argv = timed ? ['-v', command, ...args] : args;
  const start = performance.now();
  const r = spawnSync(timed ? GNU_TIME : command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const wallMs = performance.now() - start;
  if (r.error) throw r.error;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status}:\n${(r.stderr ?? '').slice(-4000)}`);
  return { wallMs, peakRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : undefined, stdout: r.stdout, stderr: r.stderr };
}

/** `ctags -R` over the roots into `tagsFile`, with the line, kind (long name, as kind:…) and language of each tag (for recall). */
export function runCtags(roots, tagsFile) {
  return runMeasured('ctags', ['-R', '--fields=+nKlz', '-f', tagsFile, ...roots]);
}

/** One ripgrep run as a reference for find in files: wall ms and the matching lines as "path:line". */
export function runRg(roots, query) {
  const args = ['--no-config', '-uu', '-g', '!.git', '--max-filesize', '16M', '-j', String(cpus().length), '-n', '--no-heading', '--with-filename', '--null'];
  if (!query.isRegExp) args.push('-F');
  args.push('-e', query.pattern, ...roots);
  const start = performance.now();
  const r = spawnSync('rg', args, { maxBuffer: 1 << 30 });
  const wallMs = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`rg failed (${r.status}): ${r.stderr}`);
  const lines = new Set();
  const out = r.stdout.toString('utf8');
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf('\0', at);
    if (nul < 0) break;
    const colon = out.indexOf(':', nul);
    lines.add(`${out.slice(at, nul)}:${out.slice(nul + 1, colon)}`);
    const nl = out.indexOf('\n', colon);
    at = nl < 0 ? out.length : nl + 1;
  }
  return { wallMs, lines };
}
