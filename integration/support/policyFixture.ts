// A real host whose policy engine reads a fixture policy folder (MARIE_POLICY_ROOT), and the
// RPC proxies the workbench gets, over the in-memory transport that serializes like a wire.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host } from '@marie/host';
import { createMemoryTransportPair, policyContract, RpcClient, settingsContract, workspaceContract, type IPolicyService, type ISettingsService, type IWorkspaceService } from '@marie/protocol';

export interface PolicyFixture {
  base: string;
  policyRoot: string;
  userDataDir: string;
  /** Replaces one file of the managed (mandatory) or recommended folder. */
  writePolicy(level: 'managed' | 'recommended', name: string, values: Record<string, unknown>): void;
  start(roots?: string[]): Promise<HostUnderTest>;
  dispose(): void;
}

export interface HostUnderTest {
  host: Host;
  client: RpcClient;
  services: { workspace: IWorkspaceService; policy: IPolicyService; settings: ISettingsService };
}

export function policyFixture(prefix: string): PolicyFixture {
  const base = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const policyRoot = join(base, 'policies');
  const userDataDir = join(base, 'user');
  for (const d of ['managed', 'recommended']) mkdirSync(join(policyRoot, d), { recursive: true });
  mkdirSync(userDataDir);
  const started: HostUnderTest[] = [];
  return {
    base,
    policyRoot,
    userDataDir,
    writePolicy: (level, name, values) => writeFileSync(join(policyRoot, level, name), JSON.stringify(values)),
    async start(roots = []) {
      // No watcher: the values change only when the test (or the page's Reload) re-reads them.
      const host = await createHost({ roots, userDataDir, policy: { engine: { env: { MARIE_POLICY_ROOT: policyRoot }, watch: false, pollIntervalMs: 0 } } });
      const [hostEnd, uiEnd] = createMemoryTransportPair();
      host.connect(hostEnd);
      const client = new RpcClient(uiEnd);
      const run: HostUnderTest = {
        host,
        client,
        services: { workspace: client.getProxy(workspaceContract), policy: client.getProxy(policyContract), settings: client.getProxy(settingsContract) },
      };
      started.push(run);
      return run;
    },
    dispose() {
      for (const r of started.splice(0)) {
        r.client.dispose();
        r.host.dispose();
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
