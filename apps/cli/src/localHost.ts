import { createHost, type Host, type HostIndexOptions } from '@marie/host';
import { createMemoryTransportPair, indexContract, policyContract, RpcClient, settingsContract, workspaceContract, type IIndexService, type IPolicyService, type ISettingsService, type IWorkspaceService } from '@marie/protocol';

export interface LocalSession {
  workspace: IWorkspaceService;
  policy: IPolicyService;
  settings: ISettingsService;
  index: IIndexService;
  /** The in-process host, for output that formats its state directly. */
  host: Host;
  /** Resolves once the index (if any) has flushed its writes and stopped its workers. */
  close(): Promise<void>;
}

/**
 * The CLI talks to an in-process host through the same RPC the UI uses, so every command
 * gets the same validation and path confinement.
 */
export async function openLocalSession(roots: string[], index: HostIndexOptions = { enabled: false }): Promise<LocalSession> {
  // The index stays off unless a command searches: no parse workers for `marie fs ls`.
  const host = await createHost({ roots, index });
  const [hostEnd, clientEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  const client = new RpcClient(clientEnd);
  return {
    workspace: client.getProxy(workspaceContract),
    policy: client.getProxy(policyContract),
    settings: client.getProxy(settingsContract),
    index: client.getProxy(indexContract),
    host,
    async close() {
      client.dispose();
      host.dispose();
      await host.index.close();
    },
  };
}

/** Runs `fn` against a fresh in-process host and always shuts the host down after. */
export async function withLocalSession<T>(roots: string[], fn: (session: LocalSession) => Promise<T>, index?: HostIndexOptions): Promise<T> {
  const session = await openLocalSession(roots, index);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
