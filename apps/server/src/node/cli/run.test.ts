import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { main } from './run.js';
import { reportError } from './output.js';

const METADATA = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://saml.acme.test/idp">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIBdGVzdA==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://saml.acme.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

describe.each(testEngines)('marie-server CLI on %s', (_name, create) => {
  let tdb: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let stdout: string[];
  beforeEach(async () => {
    tdb = await create();
    dir = mkdtempSync(join(tmpdir(), 'marie-cli-'));
    env = { MARIE_MASTER_KEY: randomBytes(32).toString('base64'), ...(tdb.target.kind === 'postgres' ? { DATABASE_URL: tdb.target.url } : { MARIE_DATA_DIR: dir }) };
    if (tdb.target.kind === 'sqlite') env.DATABASE_URL = `sqlite:${tdb.target.file}`;
    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await tdb.drop();
  });
  const run = (...args: string[]) => main(args, env);

  it('bootstraps an org, its IdPs and users', async () => {
    expect(await run('org', 'create', 'acme', '--name', 'Acme Corp', '--mfa-required', '--mfa-acr', 'urn:a', '--mfa-acr', 'urn:b', '--no-jit')).toBe(0);
    expect(stdout.join('')).toMatch(/acme\tAcme Corp\tjit=off\tmfa=required\tacr=\[urn:a,urn:b\]/);
    writeFileSync(join(dir, 'secret'), 'shh\n');
    expect(await run('idp', 'add-oidc', '--org', 'acme', '--name', 'corp', '--issuer', 'https://login.acme.test', '--client-id', 'marie', '--client-secret-file', join(dir, 'secret'))).toBe(0);
    writeFileSync(join(dir, 'md.xml'), METADATA);
    expect(await run('idp', 'add-saml', '--org', 'acme', '--name', 'adfs', '--metadata', join(dir, 'md.xml'))).toBe(0);
    expect(await run('user', 'add', '--org', 'acme', '--email', 'ann@acme.test', '--group', 'dev')).toBe(0);
    stdout.length = 0;
    await run('idp', 'list', '--org', 'acme', '--json');
    const idps = JSON.parse(stdout.join(''));
    expect(idps.map((i: { name: string; kind: string; issuer: string }) => [i.name, i.kind, i.issuer])).toEqual([
      ['adfs', 'saml', 'https://saml.acme.test/idp'],
      ['corp', 'oidc', 'https://login.acme.test'],
    ]);
    expect(JSON.stringify(idps)).not.toContain('shh');
    stdout.length = 0;
    await run('user', 'disable', '--org', 'acme', '--email', 'ann@acme.test');
    await run('user', 'list', '--org', 'acme');
    expect(stdout.join('')).toMatch(/ann@acme.test\t\tgroups=\[dev\]\tDISABLED/);
  });

  it('manages the org key and demands confirmation to destroy it', async () => {
    await run('org', 'create', 'acme', '--name', 'Acme');
    expect(await run('kek', 'rotate', '--org', 'acme')).toBe(0);
    await run('kek', 'disable', '--org', 'acme');
    stdout.length = 0;
    await run('kek', 'status', '--org', 'acme', '--json');
    expect(JSON.parse(stdout.join(''))).toEqual({ status: 'disabled', activeVersion: 1, versions: [1] });
    await expect(run('kek', 'destroy', '--org', 'acme')).rejects.toThrow(/add --yes/);
    expect(await run('kek', 'destroy', '--org', 'acme', '--yes')).toBe(0);
    stdout.length = 0;
    await run('kek', 'status', '--org', 'acme');
    expect(stdout.join('')).toMatch(/acme\tdestroyed\tactive=v-\tversions=\[\]/);
  });

  it('explains bad input', async () => {
    await expect(run('org', 'create', 'acme')).rejects.toThrow(/needs <slug> and --name/);
    await expect(run('org', 'frobnicate')).rejects.toThrow(/create, update or list/);
    await expect(run('idp', 'add-oidc', '--org', 'nope', '--name', 'x', '--issuer', 'https://x', '--client-id', 'c')).rejects.toThrow(/no org nope/);
    await run('org', 'create', 'acme', '--name', 'Acme');
    writeFileSync(join(dir, 'bad.xml'), '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="e"/>');
    await expect(run('idp', 'add-saml', '--org', 'acme', '--name', 'adfs', '--metadata', join(dir, 'bad.xml'))).rejects.toThrow(/no IDPSSODescriptor/);
    await expect(run('org', 'create', 'b', '--name', 'B', '--jit', '--no-jit')).rejects.toThrow(/contradict/);
    await expect(run('--bogus')).rejects.toThrow(/Unknown option/);
  });
});

describe('reportError', () => {
  it('prints one line and an exit code, never a stack', () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
    expect(reportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(1);
    expect(err.join('')).toBe('marie-server: cannot reach the database (ECONNREFUSED)\n');
    vi.restoreAllMocks();
  });
});
