import type { Disposable } from '@marie/protocol';
import type { AuditActor, AuditInput, EffectivePolicies, SecretStore } from '@marie/enterprise-agent';
import { AuditAgent, auditSessionOf, type AgentAuth, type AuditRecorder, type AuditSession, type SessionInfo, type UploaderOptions } from '@marie/enterprise-agent/node';
import { auditRefusal } from './auditRefusal.js';

export interface HostAuditTuning {
  /** How often the stored session is used to confirm the outbox's key (and retry enrolment); 1 h by default. */
  refreshIntervalMs?: number;
  checkpointIntervalMs?: number;
  uploader?: Partial<UploaderOptions>;
}

export interface HostAuditOptions extends HostAuditTuning {
  dataDir: string;
  policies: () => EffectivePolicies;
  /** The secret store the sign-in uses (opened on first need). */
  secrets: () => Promise<SecretStore>;
  /** The stored session, if any, without counting as activity. */
  session: () => Promise<AuditSession | null>;
  actor: () => AuditActor | null;
  onInternalError?: (error: unknown, where: string) => void;
}

/**
 * The host's audit pipeline (one per host process): the recorder every service reports to,
 * the outbox opened after a sign-in (or at start, in the background, when this device has
 * one), uploads and checkpoints while it is open, and the key confirmed again now and then so
 * a host left running does not lock its outbox at the end of the offline grace period.
 */
export class HostAudit implements Disposable {
  readonly agent: AuditAgent;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: HostAuditOptions) {
    const p = () => options.policies();
    this.agent = new AuditAgent({
      dataDir: options.dataDir,
      secrets: options.secrets,
      policy: () => ({ AuditLevel: p().get('AuditLevel'), AuditUploadEndpoint: p().get('AuditUploadEndpoint'), AuditOutboxMaxSize: p().get('AuditOutboxMaxSize'), LocalDataOfflineGracePeriod: p().get('LocalDataOfflineGracePeriod') }),
      actor: options.actor,
      ship: { checkpointIntervalMs: options.checkpointIntervalMs, uploader: { flushMs: 5_000, ...options.uploader } },
      onError: (e, where) => options.onInternalError?.(e, where),
    });
    this.timer = setInterval(() => void this.reconnect(), options.refreshIntervalMs ?? 3_600_000);
    this.timer.unref();
  }

  get recorder(): AuditRecorder {
    return this.agent.recorder;
  }

  /** A device that has an outbox opens it now, off the start-up path (the keychain is a D-Bus round trip). */
  start(): void {
    if (this.agent.hasOutbox()) setImmediate(() => void this.reconnect());
  }

  /** For `AuditedAuth`: after a sign-in, before it is recorded, open the outbox with that session and enrol. */
  readonly prepare = (auth: AgentAuth, info: SessionInfo): Promise<void> => this.agent.connect(auditSessionOf(auth, info));

  /**
   * Records a security action before it happens. Waits for an outbox being opened, so the
   * event is not left in memory only; a refusal becomes `E_AUDIT_UNAVAILABLE`.
   */
  async record(input: AuditInput): Promise<void> {
    await this.agent.settled();
    try {
      this.agent.recorder.record(input);
    } catch (e) {
      throw auditRefusal(e);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    void this.agent.close();
  }

  private async reconnect(): Promise<void> {
    const session = await this.options.session().catch(() => null);
    if (session || this.agent.hasOutbox()) await this.agent.connect(session);
  }
}
