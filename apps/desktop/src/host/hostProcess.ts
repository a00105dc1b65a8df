/**
 * Entry of the host utilityProcess: the same createHost() as `marie serve`, fed by
 * MessagePorts that main hands over, one per renderer.
 */
import { createHost, type Host } from '@marie/host';
import { createMessagePortTransport, type Disposable, type MessagePortLike, type WorkspaceRoot } from '@marie/protocol';
import { parseMainToHost, type HostToMain } from '../common/hostMessages.js';
import { errorMessage, logLine } from '../node/log.js';
import { createParentTrash } from './parentTrash.js';

const parentPort = process.parentPort; // set by Electron in a utilityProcess
if (!parentPort) throw new Error('hostProcess.js runs only as an Electron utilityProcess (process.parentPort is missing)');
const post = (message: HostToMain) => parentPort.postMessage(message);
const reportRoots = (roots: WorkspaceRoot[]) => post({ type: 'roots', roots: roots.map((r) => r.path) });
const trash = createParentTrash(post);
let hostReady: Promise<Host> | undefined;
// One live connection per renderer: a reload replaces it instead of piling up.
const clients = new Map<number, Disposable>();

parentPort.on('message', (event) => {
  const message = parseMainToHost(event.data);
  if (!message) return;
  switch (message.type) {
    case 'start':
      if (hostReady) return;
      hostReady = startWithRoots(message.roots);
      return;
    case 'connect': {
      const port = event.ports[0];
      if (!hostReady || !port || event.ports.length !== 1) return;
      void hostReady.then((host) => connectClient(host, message.client, port as MessagePortLike));
      return;
    }
    case 'open-folder':
      void hostReady?.then((host) => host.workspace.openFolder({ path: message.path })).catch((error: unknown) => logLine('host', `could not open the folder: ${errorMessage(error)}`));
      return;
    case 'trash-result':
      trash.settle(message);
      return;
  }
});

/** Starts the host; a start-up folder that is missing or refused by policy leaves a window with none. */
async function startWithRoots(roots: string[]): Promise<Host> {
  const options = { trash, onInternalError: (error: unknown, where: string) => logLine('host', `internal error in ${where}: ${errorMessage(error)}`) };
  const host = await createHost({ ...options, roots }).catch(async (error: unknown) => {
    logLine('host', `could not open ${roots.join(', ')}: ${errorMessage(error)}`);
    return createHost({ ...options, roots: [] });
  });
  // Main re-checks trash paths against these (real) roots.
  host.workspace.onDidChangeRoots(reportRoots);
  void host.workspace.getRoots({}).then(reportRoots);
  return host;
}

function connectClient(host: Host, clientId: number, port: MessagePortLike): void {
  clients.get(clientId)?.dispose();
  const transport = createMessagePortTransport(port);
  const connection = host.connect(transport);
  const client: Disposable = {
    dispose: () => {
      connection.dispose();
      transport.close();
    },
  };
  clients.set(clientId, client);
  transport.onClose(() => {
    if (clients.get(clientId) === client) clients.delete(clientId);
  });
}
