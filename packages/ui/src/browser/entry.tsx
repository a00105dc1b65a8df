import { createRoot } from 'react-dom/client';
import { authContract, indexContract, policyContract, settingsContract, workspaceContract } from '@marie/protocol';
import { App, type CommandSource } from './App.js';
import { connectToHost } from './connect/connect.js';
import { ConnectionLost } from './connect/ConnectionLost.js';
import { HostSession, type HostState } from './connect/hostSession.js';
import './workbench.css';

// Monaco is not imported here: the HTML preloads its chunk (download and compilation run
// alongside this one) and the App evaluates it once the workbench's first requests are
// out, so it overlaps their round trips instead of delaying them.

const root = createRoot(document.getElementById('root')!);
let commandSource: CommandSource | undefined;

const session = new HostSession(render);
const workspace = session.service(workspaceContract);
const policy = session.service(policyContract);
const settings = session.service(settingsContract);
const index = session.service(indexContract);
const auth = session.service(authContract);

function render(state: HostState): void {
  root.render(
    state.kind === 'connected' ? (
      <App workspace={workspace} policy={policy} settings={settings} index={index} auth={auth} hostGeneration={state.generation} commandSource={commandSource} />
    ) : (
      <ConnectionLost reason={state.reason} />
    ),
  );
}

connectToHost((transport) => session.attach(transport)).then(
  (connection) => {
    commandSource = connection.commandSource;
    session.attach(connection.transport);
  },
  (e: unknown) => session.fail(e instanceof Error ? e.message : undefined),
);
