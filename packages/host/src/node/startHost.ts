import { policyContract, RpcServer, settingsContract, workspaceContract, type Disposable, type Transport } from '@marie/protocol';
import { createPolicyService } from '@marie/enterprise-agent';
import { startHostPolicy, type HostPolicy, type HostPolicyOptions } from './policy/hostPolicy.js';
import { SettingsService } from './settings/settingsService.js';
import { defaultUserDataDir, UserSettingsFile } from './settings/userSettingsFile.js';
import { WorkspaceService, type TrashProvider } from './workspace/workspaceService.js';

export interface HostOptions {
  /** Folders to open; empty means "no folder yet" (the welcome page). */
  roots: string[];
  /** Electron passes shell.trashItem; the Node host uses the XDG trash where there is one. */
  trash?: TrashProvider;
  /** Where the user's settings live; `$MARIE_USER_DATA_DIR` or the XDG config folder by default. */
  userDataDir?: string;
  /** Policy sources and the audit hook; the machine's managed policy by default. */
  policy?: HostPolicyOptions;
  /** Receives unexpected errors (never request arguments, so never tokens or file contents). */
  onInternalError?: (error: unknown, where: string) => void;
}

/** The services of one host process, shared by every connection to it. */
export interface Host extends Disposable {
  readonly workspace: WorkspaceService;
  readonly policy: HostPolicy;
  readonly settings: SettingsService;
  /** Serves the host's services to one peer; dispose to drop that peer. */
  connect(transport: Transport): Disposable;
}

/**
 * The one composition root: the same services behind any transport, desktop or web.
 * Fails (with the policy's E_POLICY_DENIED) when a start-up folder is not trusted.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const settingsFile = new UserSettingsFile(options.userDataDir ?? defaultUserDataDir());
  const userSettings = await settingsFile.load();
  if (userSettings.problem) options.onInternalError?.(new Error(userSettings.problem), 'settings');
  const policy = await startHostPolicy({
    ...options.policy,
    engine: { userSettings: userSettings.values, userSettingsOrigin: settingsFile.path, ...options.policy?.engine },
  });
  const settings = new SettingsService(policy.engine, settingsFile, userSettings.values);
  const workspace = new WorkspaceService({
    roots: [],
    trash: options.trash,
    // Enforced where the behaviour happens: every folder the host opens passes the policy.
    authorizeFolder: (realPath) => policy.enforcer.assertFolderTrusted(realPath),
  });
  try {
    for (const root of options.roots) await workspace.addRoot(root);
  } catch (error) {
    workspace.dispose();
    policy.dispose();
    throw error;
  }
  const policyService = createPolicyService(policy.engine);
  const connections = new Set<RpcServer>();
  return {
    workspace,
    policy,
    settings,
    connect(transport) {
      const server = new RpcServer(transport, { onInternalError: options.onInternalError });
      server.register(workspaceContract, workspace);
      server.register(policyContract, policyService);
      server.register(settingsContract, settings);
      connections.add(server);
      transport.onClose(() => connections.delete(server));
      return { dispose: () => (connections.delete(server), server.dispose()) };
    },
    dispose() {
      connections.forEach((c) => c.dispose());
      connections.clear();
      workspace.dispose();
      policy.dispose();
    },
  };
}

/** One host serving one transport: the desktop utility process and in-memory tests. */
export async function startHost(transport: Transport, options: HostOptions): Promise<Host> {
  const host = await createHost(options);
  host.connect(transport);
  return host;
}
