import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite in the data dir with a generated master key', () => {
    const c = loadConfig({ dataDir: '/tmp/d' }, {});
    expect(c).toMatchObject({ port: 8470, host: '127.0.0.1', db: { kind: 'sqlite', file: '/tmp/d/marie.db' }, masterKey: { kind: 'data-dir', dir: '/tmp/d' } });
  });

  it('takes flags over env over file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marie-cfg-'));
    const file = join(dir, 'server.json');
    writeFileSync(file, JSON.stringify({ port: 1000, host: '0.0.0.0', dataDir: dir }));
    expect(loadConfig({ config: file }, {}).port).toBe(1000);
    expect(loadConfig({ config: file }, { MARIE_PORT: '2000' }).port).toBe(2000);
    expect(loadConfig({ config: file, port: 3000 }, { MARIE_PORT: '2000' }).port).toBe(3000);
    expect(loadConfig({ config: file }, {}).host).toBe('0.0.0.0');
  });

  it('uses DATABASE_URL for PostgreSQL and then demands a shared master key', () => {
    const env = { DATABASE_URL: 'postgres://u:pw@db/marie' };
    expect(() => loadConfig({}, env)).toThrow(/MARIE_MASTER_KEY/);
    const c = loadConfig({}, { ...env, MARIE_MASTER_KEY: 'x' });
    expect(c.db).toEqual({ kind: 'postgres', url: 'postgres://u:pw@db/marie' });
  });

  it('explains bad values without echoing secrets', () => {
    expect(() => loadConfig({ port: 70000 }, {})).toThrow(/--port: port must be an integer/);
    expect(() => loadConfig({}, { MARIE_PORT: 'abc' })).toThrow(/MARIE_PORT/);
    const bad = () => loadConfig({ db: 'mysql://root:hunter2@x' }, {});
    expect(bad).toThrow(ConfigError);
    expect(bad).not.toThrow(/hunter2/);
    expect(() => loadConfig({ publicUrl: 'http://example.com' }, {})).toThrow(/https/);
    const dir = mkdtempSync(join(tmpdir(), 'marie-cfg-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ config: join(dir, 'bad.json') }, {})).toThrow(/Unrecognized key/);
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(() => loadConfig({ config: join(dir, 'broken.json') }, {})).toThrow(/not valid JSON/);
  });
});
