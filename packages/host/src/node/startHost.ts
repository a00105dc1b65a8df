import { RpcServer, workspaceContract, type Disposable, type Transport } from '@marie/protocol';
import { WorkspaceService, type TrashProvider } from './workspace/workspaceService.js';

export interface HostOptions {
  /** Folders to open; empty means "no folder yet" (the welcome page). */
  roots: string[];
  /** Electron passes shell.trashItem; the Node host uses the XDG trash where there is one. */
  trash?: TrashProvider;
  /** Receives unexpected errors (never request arguments, so never tokens or file contents). */
  onInternalError?: (error: unknown, where: string) => void;
}

/** The services of one host process, shared by every connection to it. */
export interface Host extends Disposable {
  readonly workspace: WorkspaceService;
  /** Serves the host's services to one peer; dispose to drop that peer. */
  connect(transport: Transport): Disposable;
}

/** The one composition root: the same services behind any transport, desktop or web. */
export function createHost(options: HostOptions): Host {
  const workspace = new WorkspaceService({ roots: options.roots, trash: options.trash });
  const connections = new Set<RpcServer>();
  return {
    workspace,
    connect(transport) {
      const server = new RpcServer(transport, { onInternalError: options.onInternalError });
      server.register(workspaceContract, workspace);
      connections.add(server);
      transport.onClose(() => connections.delete(server));
      return { dispose: () => (connections.delete(server), server.dispose()) };
    },
    dispose() {
      connections.forEach((c) => c.dispose());
      connections.clear();
      workspace.dispose();
    },
  };
}

/** One host serving one transport: the desktop utility process and in-memory tests. */
export function startHost(transport: Transport, options: HostOptions): Host {
  const host = createHost(options);
  host.connect(transport);
  return host;
}
