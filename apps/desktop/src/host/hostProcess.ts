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
let host: Host | undefined;
// One live connection per renderer: a reload replaces it instead of piling up.
const clients = new Map<number, Disposable>();

parentPort.on('message', (event) => {
  const message = parseMainToHost(event.data);
  if (!message) return;
  switch (message.type) {
    case 'start':
      if (host) return;
      host = createHost({ roots: message.roots, trash, onInternalError: (error, where) => logLine('host', `internal error in ${where}: ${errorMessage(error)}`) });
      // Main re-checks trash paths against these (real) roots.
      host.workspace.onDidChangeRoots(reportRoots);
      void host.workspace.getRoots({}).then(reportRoots);
      return;
    case 'connect': {
      const port = event.ports[0];
      if (!host || !port || event.ports.length !== 1) return;
      clients.get(message.client)?.dispose();
      const transport = createMessagePortTransport(port as MessagePortLike);
      const connection = host.connect(transport);
      const client: Disposable = {
        dispose: () => {
          connection.dispose();
          transport.close();
        },
      };
      clients.set(message.client, client);
      transport.onClose(() => {
        if (clients.get(message.client) === client) clients.delete(message.client);
      });
      return;
    }
    case 'open-folder':
      host?.workspace.openFolder({ path: message.path }).catch((error: unknown) => logLine('host', `could not open the folder: ${errorMessage(error)}`));
      return;
    case 'trash-result':
      trash.settle(message);
      return;
  }
});
