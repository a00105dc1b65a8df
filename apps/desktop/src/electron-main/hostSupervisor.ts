import { MessageChannelMain, shell, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { HOST_PORT_MESSAGE } from '@marie/protocol';
import { parseHostToMain, type HostToMain, type MainToHost } from '../common/hostMessages.js';
import { errorMessage } from '../node/log.js';
import { createRestartPolicy } from './restartPolicy.js';
import { isTrashable } from './trashGuard.js';

export interface HostSupervisorOptions {
  /** The utilityProcess entry (dist/host/hostProcess.js). */
  entry: string;
  roots: string[];
  /** The host crashed too often and stays down. */
  onGaveUp(): void;
  log(message: string): void;
}

/**
 * Runs the host in a utilityProcess and brokers MessagePorts from renderers to it. After a
 * crash it restarts the host (bounded by the restart policy) and gives every renderer it
 * served a fresh port: a second HOST_PORT_MESSAGE is how a renderer learns to reconnect.
 */
export class HostSupervisor {
  private child: UtilityProcess | undefined;
  private roots: string[];
  private readonly renderers = new Set<WebContents>();
  private readonly policy = createRestartPolicy({ maxRestarts: 3, windowMs: 60_000, baseDelayMs: 500 });
  private stopped = false;

  constructor(private readonly options: HostSupervisorOptions) {
    this.roots = [...options.roots];
  }

  start(): void {
    const child = utilityProcess.fork(this.options.entry, [], { serviceName: 'MarieIDE Host', stdio: 'inherit' });
    this.child = child;
    child.on('message', (data: unknown) => this.receive(child, parseHostToMain(data)));
    child.once('exit', (code) => this.exited(child, code));
    this.post({ type: 'start', roots: this.roots });
    for (const contents of this.renderers) this.givePort(contents);
  }

  /** Hands `contents` a new port to the host (called for each validated request). */
  connect(contents: WebContents): void {
    if (!this.renderers.has(contents)) {
      this.renderers.add(contents);
      contents.once('destroyed', () => this.renderers.delete(contents));
    }
    // While a restart is pending the port is handed out by start().
    if (this.child) this.givePort(contents);
  }

  openFolder(path: string): void {
    this.post({ type: 'open-folder', path });
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill();
    this.child = undefined;
  }

  private givePort(contents: WebContents): void {
    if (contents.isDestroyed() || !this.child) return;
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect', client: contents.id } satisfies MainToHost, [port1]);
    contents.postMessage(HOST_PORT_MESSAGE, null, [port2]);
  }

  private post(message: MainToHost, to = this.child): void {
    to?.postMessage(message);
  }

  private receive(child: UtilityProcess, message: HostToMain | null): void {
    if (!message) return this.options.log('host sent a malformed message; ignored');
    if (message.type === 'roots') {
      this.roots = message.roots;
      return;
    }
    const answer = (error?: string) => this.post(error === undefined ? { type: 'trash-result', id: message.id } : { type: 'trash-result', id: message.id, error }, child);
    // The host checked the path already; main does not take its word for it.
    if (!isTrashable(message.path, this.roots)) return answer('refused: the path is not inside an open folder');
    shell.trashItem(message.path).then(
      () => answer(),
      (error: unknown) => answer(errorMessage(error)),
    );
  }

  private exited(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.stopped) return;
    const decision = this.policy.onCrash(Date.now());
    this.options.log(`host exited with code ${code}; ${decision.restart ? `restarting in ${decision.delayMs} ms` : 'giving up'}`);
    if (!decision.restart) return this.options.onGaveUp();
    setTimeout(() => {
      if (!this.stopped) this.start();
    }, decision.delayMs);
  }
}
