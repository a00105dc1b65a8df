import { authContract, indexContract, policyContract, RpcServer, settingsContract, workspaceContract, type Disposable, type Transport } from '@marie/protocol';
import { createPolicyService } from '@marie/enterprise-agent';
import { storedAuditSession } from '@marie/enterprise-agent/node';
import { HostAudit, type HostAuditTuning } from './audit/hostAudit.js';
import { AgentAuthSource } from './auth/agentAuthSource.js';
import { observeActivity } from './auth/activity.js';
import { HostAuthService } from './auth/authService.js';
import { gatedService } from './auth/signInGate.js';
import { HostIndex } from './index/hostIndex.js';
import { IndexService } from './index/indexService.js';
import type { HostIndexOptions } from './index/indexOptions.js';
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
  /** Policy sources; the machine's managed policy by default. */
  policy?: HostPolicyOptions;
  /** Tests shorten the audit upload and checkpoint intervals. */
  audit?: HostAuditTuning;
  /** The workspace index (on by default; it opens after the host is ready, or on first use). */
  index?: HostIndexOptions;
  /** Tests move the sign-in's clock (session max age, idle timeout) forward. */
  authClock?: () => number;
  /** Receives unexpected errors (never request arguments, so never tokens or file contents). */
  onInternalError?: (error: unknown, where: string) => void;
}

/** The services of one host process, shared by every connection to it. */
export interface Host extends Disposable {
  readonly workspace: WorkspaceService;
  readonly policy: HostPolicy;
  /** The audit pipeline: recorder, outbox (after a sign-in), uploads. */
  readonly audit: HostAudit;
  readonly settings: SettingsService;
  /** The index's lifecycle; `dispose()` starts closing it, `index.close()` resolves when it is closed. */
  readonly index: HostIndex;
  /** The sign-in, over the same session as `marie login` (the user data folder names it). */
  readonly auth: HostAuthService;
  /** Serves the host's services to one peer; dispose to drop that peer. */
  connect(transport: Transport): Disposable;
}

/**
 * The one composition root: the same services behind any transport, desktop or web.
 * Fails (with the policy's E_POLICY_DENIED) when a start-up folder is not trusted.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const userDataDir = options.userDataDir ?? defaultUserDataDir();
  const settingsFile = new UserSettingsFile(userDataDir);
  const userSettings = await settingsFile.load();
  if (userSettings.problem) options.onInternalError?.(new Error(userSettings.problem), 'settings');
  // The closures below read `policy` and `auth` only when an event is recorded, after both exist.
  const policies = () => policy.engine.current;
  const authSource = new AgentAuthSource(userDataDir, policies, options.authClock ?? Date.now);
  const audit: HostAudit = new HostAudit({
    ...options.audit,
    dataDir: userDataDir,
    policies,
    secrets: async () => (await authSource.get()).secrets,
    session: async () => storedAuditSession((await authSource.get()).auth),
    actor: () => auth.actor,
    onInternalError: options.onInternalError,
  });
  let policy: HostPolicy;
  try {
    policy = await startHostPolicy({ ...options.policy, engine: { userSettings: userSettings.values, userSettingsOrigin: settingsFile.path, ...options.policy?.engine } }, audit.recorder);
  } catch (error) {
    audit.dispose();
    throw error;
  }
  const settings = new SettingsService(policy.engine, settingsFile, userSettings.values, (input) => audit.record(input));
  const index = new HostIndex(options.index ?? {}, (error) => options.onInternalError?.(error, 'index'), () => policy.engine.current.get('WorkspaceExcludes'));
  const excludesWatch = policy.engine.onDidChange(() => index.excludesChanged());
  // The audit level is read at each event; the outbox's disk budget is set when the policy changes.
  const auditBudgetWatch = policy.engine.onDidChange(() => audit.agent.policyChanged());
  const workspace = new WorkspaceService({
    roots: [],
    trash: options.trash,
    // Enforced where the behaviour happens: every folder the host opens passes the policy.
    authorizeFolder: (realPath) => policy.enforcer.assertFolderTrusted(realPath),
    onDidWrite: (path, bytes) => index.fileSaved(path, bytes),
    onDidRead: (path, bytes) => index.fileOpened(path, bytes),
  });
  try {
    for (const root of options.roots) await workspace.addRoot(root);
  } catch (error) {
    workspace.dispose();
    policy.dispose();
    audit.dispose();
    throw error;
  }
  const policyService = createPolicyService(policy.engine);
  const indexService = new IndexService(index, (path) => workspace.confine(path));
  const rootsWatch = workspace.onDidChangeRoots((roots) => index.setRoots(roots.map((r) => r.path)));
  index.setRoots((await workspace.getRoots({})).map((r) => r.path));
  index.scheduleStart();
  // Opens nothing until the first status request: the keychain is not on the start-up path.
  const auth: HostAuthService = new HostAuthService({ dataDir: userDataDir, policies, onDidChangePolicy: policy.engine.onDidChange, now: options.authClock, onInternalError: options.onInternalError, source: authSource, audit });
  audit.start();
  const signedIn = () => auth.assertSignedIn();
  const connections = new Set<RpcServer>();
  return {
    workspace,
    policy,
    audit,
    settings,
    index,
    auth,
    connect(transport) {
      const server = new RpcServer(transport, { onInternalError: options.onInternalError });
      // With RequireSignIn, files and the index stay closed until sign-in (policy and settings stay readable).
      server.register(workspaceContract, gatedService(workspace, workspaceContract, signedIn));
      server.register(policyContract, policyService);
      server.register(settingsContract, settings);
      server.register(indexContract, gatedService(indexService, indexContract, signedIn));
      server.register(authContract, auth);
      const activity = observeActivity(transport, () => auth.noteActivity());
      connections.add(server);
      transport.onClose(() => (connections.delete(server), activity.dispose()));
      return { dispose: () => (connections.delete(server), activity.dispose(), server.dispose()) };
    },
    dispose() {
      connections.forEach((c) => c.dispose());
      connections.clear();
      rootsWatch.dispose();
      excludesWatch.dispose();
      auditBudgetWatch.dispose();
      auth.dispose();
      audit.dispose();
      indexService.dispose();
      void index.close();
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
