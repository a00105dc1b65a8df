import { createHost } from '@marie/host';
import { createMemoryTransportPair, RpcClient, workspaceContract, type IWorkspaceService } from '@marie/protocol';

export interface LocalSession {
  workspace: IWorkspaceService;
  close(): void;
}

/**
 * The CLI talks to an in-process host through the same RPC the UI uses, so every command
 * gets the same validation and path confinement.
 */
export function openLocalSession(roots: string[]): LocalSession {
  const host = createHost({ roots });
  const [hostEnd, clientEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  const client = new RpcClient(clientEnd);
  return {
    workspace: client.getProxy(workspaceContract),
    close() {
      client.dispose();
      host.dispose();
    },
  };
}
