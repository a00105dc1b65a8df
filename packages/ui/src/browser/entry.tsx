import { createRoot } from 'react-dom/client';
import { RpcClient, workspaceContract } from '@marie/protocol';
import { App } from './App.js';
import { connectToHost } from './connect/connect.js';
import { ConnectionLost } from './connect/ConnectionLost.js';
import './workbench.css';

const root = createRoot(document.getElementById('root')!);

connectToHost().then(
  ({ transport, commandSource }) => {
    const client = new RpcClient(transport);
    client.onDidClose(() => root.render(<ConnectionLost />));
    root.render(<App workspace={client.getProxy(workspaceContract)} commandSource={commandSource} />);
  },
  (e: unknown) => root.render(<ConnectionLost reason={e instanceof Error ? e.message : undefined} />),
);
