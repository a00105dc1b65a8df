import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryTransportPair, ErrorCode, policyContract, RpcClient, workspaceContract } from '@marie/protocol';
import { createHost, type Host } from '../startHost.js';

let base: string;
let policyRoot: string;
let trusted: string;
let untrusted: string;
const hosts: Host[] = [];

beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-trust-')));
  policyRoot = join(base, 'policies');
  trusted = join(base, 'trusted');
  untrusted = join(base, 'elsewhere');
  for (const d of [join(policyRoot, 'managed'), join(trusted, 'project'), untrusted]) mkdirSync(d, { recursive: true });
  writeFileSync(join(policyRoot, 'managed', '10-trust.json'), JSON.stringify({ RequireFolderTrust: true, TrustedFolders: [trusted] }));
});

afterEach(() => hosts.splice(0).forEach((h) => h.dispose()));

async function host(roots: string[] = []) {
  const h = await createHost({ roots, userDataDir: join(base, 'user'), index: { enabled: false }, policy: { engine: { env: { MARIE_POLICY_ROOT: policyRoot }, watch: false } } });
  hosts.push(h);
  const [a, b] = createMemoryTransportPair();
  h.connect(a);
  const client = new RpcClient(b);
  return { h, workspace: client.getProxy(workspaceContract), policy: client.getProxy(policyContract) };
}

describe('RequireFolderTrust is enforced by the host', () => {
  it('refuses to open an untrusted folder over RPC, with a code and an audit event', async () => {
    const { h, workspace } = await host();
    await expect(workspace.openFolder({ path: untrusted })).rejects.toMatchObject({ code: ErrorCode.PolicyDenied });
    expect(await workspace.getRoots({})).toEqual([]);
    // A device never enrolled has no outbox yet: the denial waits in memory for the first sign-in.
    expect(h.audit.agent.state).toBe('no-outbox');
    expect(h.audit.agent.buffer.events.at(-1)?.input).toMatchObject({ action: 'policy.violation', outcome: 'denied', target: untrusted });
    await expect(workspace.openFolder({ path: join(trusted, 'project') })).resolves.toHaveLength(1);
  });

  it('refuses an untrusted start-up folder (marie serve <folder>, the desktop command line)', async () => {
    await expect(createHost({ roots: [untrusted], policy: { engine: { env: { MARIE_POLICY_ROOT: policyRoot }, watch: false } } })).rejects.toMatchObject({ code: ErrorCode.PolicyDenied });
  });

  it('judges the real path: a symlink inside a trusted folder pointing elsewhere is refused', async () => {
    const { symlinkSync } = await import('node:fs');
    symlinkSync(untrusted, join(trusted, 'sneaky'));
    const { workspace } = await host();
    await expect(workspace.openFolder({ path: join(trusted, 'sneaky') })).rejects.toMatchObject({ code: ErrorCode.PolicyDenied });
  });

  it('serves the effective policy with provenance over RPC', async () => {
    const { policy } = await host();
    const trust = await policy.explain({ key: 'RequireFolderTrust' });
    expect(trust).toMatchObject({ key: 'RequireFolderTrust', value: true, source: 'machine', level: 'mandatory' });
    const all = await policy.list({});
    expect(all.find((p) => p.key === 'TelemetryLevel')).toMatchObject({ source: 'default' });
  });
});
