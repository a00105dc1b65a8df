import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authContract, createMemoryTransportPair, ErrorCode, indexContract, policyContract, RpcClient, workspaceContract } from '@marie/protocol';
import { createHost, type Host } from '../startHost.js';

const hosts: Host[] = [];
afterEach(() => hosts.splice(0).forEach((h) => h.dispose()));

/** A real host on a real folder, with RequireSignIn as the machine policy says, and nobody signed in. */
async function hostWith(requireSignIn: boolean) {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-gate-')));
  const policyRoot = join(base, 'policies');
  mkdirSync(join(policyRoot, 'managed'), { recursive: true });
  writeFileSync(join(policyRoot, 'managed', '10.json'), JSON.stringify({ RequireSignIn: requireSignIn }));
  mkdirSync(join(base, 'ws'));
  writeFileSync(join(base, 'ws', 'a.ts'), 'export const a = 1;\n');
  const host = await createHost({
    roots: [join(base, 'ws')],
    userDataDir: join(base, 'user'),
    index: { enabled: false },
    policy: { engine: { env: { MARIE_POLICY_ROOT: policyRoot }, watch: false } },
  });
  hosts.push(host);
  const [hostEnd, clientEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  const client = new RpcClient(clientEnd);
  return { root: join(base, 'ws'), client };
}

describe('the host fails closed when policy requires sign-in', () => {
  it('refuses files and the index with E_SIGN_IN_REQUIRED, while policy and sign-in stay reachable', async () => {
    const { root, client } = await hostWith(true);
    const workspace = client.getProxy(workspaceContract);
    await expect(workspace.getRoots({})).rejects.toMatchObject({ code: ErrorCode.SignInRequired });
    await expect(workspace.read({ path: join(root, 'a.ts') })).rejects.toMatchObject({ code: ErrorCode.SignInRequired });
    await expect(client.getProxy(indexContract).findFiles({ query: 'a' })).rejects.toMatchObject({ code: ErrorCode.SignInRequired });
    expect((await client.getProxy(policyContract).explain({ key: 'RequireSignIn' })).value).toBe(true);
    const status = await client.getProxy(authContract).status({});
    expect(status).toMatchObject({ signedIn: false, required: true });
  });

  it('serves files as usual when sign-in is not required', async () => {
    const { root, client } = await hostWith(false);
    const roots = await client.getProxy(workspaceContract).getRoots({});
    expect(roots.map((r) => r.path)).toEqual([root]);
  });
});
