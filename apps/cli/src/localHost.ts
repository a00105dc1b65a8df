import { createHost, type Host } from '@marie/host';
import { createMemoryTransportPair, policyContract, RpcClient, settingsContract, workspaceContract, type IPolicyService, type ISettingsService, type IWorkspaceService } from '@marie/protocol';

export interface LocalSession {
  workspace: IWorkspaceService;
  policy: IPolicyService;
  settings: ISettingsService;
  /** The in-process host, for output that formats its state directly. */
  host: Host;
  close(): void;
}

/**
 * The CLI talks to an in-process host through the same RPC the UI uses, so every command
 * gets the same validation and path confinement.
 */
export async function openLocalSession(roots: string[]): Promise<LocalSession> {
  const host = await createHost({ roots });
  const [hostEnd, clientEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  const client = new RpcClient(clientEnd);
  return {
    workspace: client.getProxy(workspaceContract),
    policy: client.getProxy(policyContract),
    settings: client.getProxy(settingsContract),
    host,
    close() {
      client.dispose();
      host.dispose();
    },
  };
}

/** Runs `fn` against a fresh in-process host and always shuts the host down after. */
export async function withLocalSession<T>(roots: string[], fn: (session: LocalSession) => Promise<T>): Promise<T> {
  const session = await openLocalSession(roots);
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}
