import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../common/policy/resolve.js';
import { LinuxDropInReader } from './linuxDropIn.js';

const asRoot = process.getuid?.() === 0;
// Root's files are trusted; so are the test user's when not run as root (only the chown cases need root).
const safety = { trustedOwners: [0, process.getuid?.() ?? 0], maxBytes: 1024 * 1024 };
let root: string;
let managed: string;

async function put(name: string, content: unknown, dir = managed) {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function effective() {
  const layers = await new LinuxDropInReader(root, safety).read();
  return { layers, r: resolvePolicies({ layers }), get: (k: string) => resolvePolicies({ layers }).policies.find((p) => p.key === k)! };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'marie-policy-'));
  await chmod(root, 0o755);
  managed = join(root, 'managed');
  await mkdir(managed, { mode: 0o755 });
  await mkdir(join(root, 'recommended'), { mode: 0o755 });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Linux drop-in folders', () => {
  it('reads managed and recommended files in lexical order; a key in two files is a conflict naming both', async () => {
    const a = await put('10-base.json', { UpdateMode: 'off', AIEnabled: false });
    const b = await put('20-site.json', { UpdateMode: 'manual' });
    await put('2-first.json', { TelemetryLevel: 'crash' });
    await put('notes.txt', 'ignored');
    await put('.hidden.json', { AIEnabled: true });
    await put('r.json', { TelemetryLevel: 'error', UpdateChannel: 'insiders' }, join(root, 'recommended'));
    const { get, layers } = await effective();
    expect(layers.map((l) => [l.level, l.state])).toEqual([['mandatory', 'ok'], ['recommended', 'ok']]);
    expect(get('UpdateMode')).toMatchObject({ value: 'manual', source: 'machine', level: 'mandatory' });
    expect(get('UpdateMode').errors).toEqual([`conflict: UpdateMode is set by ${a} and ${b}; ${b} wins`]);
    // Lexical, not numeric: "10-base" < "2-first" < "20-site".
    expect(layers[0]!.entries.map((e) => e.origin.split('/').pop())).toEqual(['10-base.json', '10-base.json', '2-first.json', '20-site.json']);
    expect(get('AIEnabled').value).toBe(false);
    expect(get('UpdateChannel')).toMatchObject({ value: 'insiders', level: 'recommended' });
  });

  it('reports absent folders as absent, not as errors', async () => {
    await rm(root, { recursive: true });
    const { layers, r } = await effective();
    expect(layers.map((l) => l.state)).toEqual(['absent', 'absent']);
    expect(r.errors).toEqual([]);
  });

  it('ignores a malformed JSON file whole, reports it, and applies the others', async () => {
    const bad = await put('10-bad.json', '{"AIEnabled": false, ');
    await put('20-good.json', { UpdateMode: 'manual' });
    await put('30-array.json', '[1,2]');
    const { get, r } = await effective();
    expect(get('AIEnabled').value).toBe(true);
    expect(get('UpdateMode').value).toBe('manual');
    expect(r.errors[0]).toMatch(new RegExp(`^${bad}: malformed JSON \\(.*\\); file ignored$`));
    expect(r.errors[1]).toMatch(/30-array\.json: expected one JSON object of policy keys; file ignored/);
  });

  it('rejects a wrongly typed value whole and lets the lower source win', async () => {
    const path = await put('10.json', { AllowedGitRemoteHosts: ['github.com', 42], TelemetryLevel: 'crash' });
    await put('r.json', { TelemetryLevel: 'error' }, join(root, 'recommended'));
    await put('20.json', { TelemetryLevel: 'loud' });
    const { get } = await effective();
    expect(get('AllowedGitRemoteHosts')).toMatchObject({ value: ['*'], source: 'default' });
    expect(get('AllowedGitRemoteHosts').errors[0]).toContain(`${path}: value rejected`);
    // The later file's bad value does not erase the earlier file's good one.
    expect(get('TelemetryLevel')).toMatchObject({ value: 'crash', level: 'mandatory' });
  });

  it('reports unknown keys and ignores them', async () => {
    const path = await put('10.json', { NotAPolicy: 1, AIEnabled: false });
    const { r, get } = await effective();
    expect(r.errors).toEqual([`${path}: unknown policy "NotAPolicy" ignored`]);
    expect(get('AIEnabled').value).toBe(false);
  });

  it.skipIf(!asRoot)('refuses a file not owned by root, or writable by others', async () => {
    const foreign = await put('10-foreign.json', { AIEnabled: false });
    await chown(foreign, 1234, 1234);
    const open = await put('20-open.json', { UpdateMode: 'off' });
    await chmod(open, 0o646);
    await put('30-ok.json', { TelemetryLevel: 'off' });
    const { r, get } = await effective();
    expect(r.errors).toEqual([`${foreign}: refused (owned by uid 1234, not root); file ignored`, `${open}: refused (writable by others); file ignored`]);
    expect(get('AIEnabled').value).toBe(true);
    expect(get('UpdateMode').value).toBe('auto');
    expect(get('TelemetryLevel').value).toBe('off');
  });

  it.skipIf(!asRoot)('refuses a folder writable by others, or a root owned by someone else', async () => {
    await put('10.json', { AIEnabled: false });
    await chmod(managed, 0o777);
    let { r, layers } = await effective();
    expect(layers[0]!.state).toBe('refused');
    expect(r.errors).toEqual([`${managed}: policy folder refused (writable by others)`]);
    await chmod(managed, 0o755);
    await chown(root, 1234, 1234);
    ({ r, layers } = await effective());
    expect(layers.map((l) => l.state)).toEqual(['refused', 'refused']);
    expect(r.errors[0]).toBe(`${root}: policy folder refused (owned by uid 1234, not root)`);
  });

  it('refuses a symlink pointing outside the folder, and follows one that stays inside', async () => {
    const outside = join(root, 'outside.json');
    await writeFile(outside, JSON.stringify({ AIEnabled: false }));
    await symlink(outside, join(managed, '10-escape.json'));
    await mkdir(join(managed, 'store'));
    await writeFile(join(managed, 'store', 'real.json'), JSON.stringify({ UpdateMode: 'manual' }));
    await symlink(join(managed, 'store', 'real.json'), join(managed, '20-inside.json'));
    await symlink('/nonexistent/x.json', join(managed, '30-dangling.json'));
    const { r, get } = await effective();
    expect(r.errors[0]).toBe(`${join(managed, '10-escape.json')}: refused (symlink pointing outside the policy folder (to ${outside})); file ignored`);
    expect(r.errors[1]).toBe(`${join(managed, '30-dangling.json')}: refused (dangling symlink); file ignored`);
    expect(get('AIEnabled').value).toBe(true);
    expect(get('UpdateMode').value).toBe('manual');
  });

  it('refuses a 50 MB file by its size, before reading it', async () => {
    const big = await put('10-big.json', '{}');
    await truncate(big, 50 * 1024 * 1024);
    await put('20.json', { AIEnabled: false });
    const started = performance.now();
    const { r, get } = await effective();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.errors).toEqual([`${big}: refused (52428800 bytes exceeds the limit of 1048576; not read); file ignored`]);
    expect(get('AIEnabled').value).toBe(false);
  });

  it('refuses a FIFO without hanging, and files that are not UTF-8', async () => {
    execFileSync('mkfifo', [join(managed, '10-fifo.json')]);
    await writeFile(join(managed, '20-latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    const { r } = await effective();
    expect(r.errors[0]).toMatch(/10-fifo\.json: refused \(not a regular file\)/);
    expect(r.errors[1]).toMatch(/20-latin1\.json: malformed JSON/);
  });
});
