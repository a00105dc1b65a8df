import { existsSync } from 'node:fs';
import type { AuditLevel } from '../../common/audit/levels.js';
import { outboxMaxBytesFromPolicy } from '../../common/audit/outboxBudget.js';
import type { AuditActor } from '../../common/audit/record.js';
import type { KeyWrapper } from '../../common/localStore/keyWrapper.js';
import type { PolicyValues } from '../../common/policy/registry/index.js';
import type { SecretStore } from '../../common/secrets/secretStore.js';
import { keyFilePath } from '../localStore/keyFile.js';
import { AuditBuffer } from './auditBuffer.js';
import { AuditOutboxSlot, type AuditSlotState } from './auditOutboxSlot.js';
import { AuditRecorder } from './auditRecorder.js';
import { AuditShipping } from './auditShipping.js';
import { BufferLedger } from './bufferLedger.js';
import { loadOrCreateDeviceKey } from './deviceKey.js';
import { enrollAuditDevice } from './enroll.js';
import { readEnrollment, writeEnrollment, type AuditEnrollment } from './enrollmentFile.js';
import { OfflineKeyWrapper } from './offlineKeyWrapper.js';
import { deviceIdOf, heldDir, openAuditOutbox, outboxPath, type OpenedAuditOutbox } from './openAuditOutbox.js';
import { ServerKeyWrapper } from './serverKeyWrapper.js';
import type { UploaderOptions, UploadResult } from './uploader.js';

export type AuditAgentPolicy = Pick<PolicyValues, 'AuditLevel' | 'AuditUploadEndpoint' | 'AuditOutboxMaxSize' | 'LocalDataOfflineGracePeriod'>;

/** A signed-in session as the audit pipeline needs it: where, which organisation, and a token on demand. */
export interface AuditSession {
  server: string;
  org: string;
  /** Must not count as user activity (the session's idle timeout). */
  accessToken: () => Promise<string>;
}

export interface AuditAgentOptions {
  dataDir: string;
  /** Opened on first need: a device that never signed in never touches the keychain for audit. */
  secrets: () => Promise<SecretStore>;
  /** Read at each use, so a changed level applies at once; a changed budget applies when `policyChanged()` is called. */
  policy: () => AuditAgentPolicy;
  actor?: () => AuditActor | null;
  /** Keep uploading and checkpointing while open (a long-running host); off for a one-shot command. */
  ship?: { checkpointIntervalMs?: number; uploader?: Partial<UploaderOptions> };
  onError?: (error: unknown, where: string) => void;
  now?: () => number;
}

/**
 * The audit pipeline of one agent process over its data folder: the recorder, the outbox it
 * opens once a session can unwrap the organisation's key (or the cached key can, within the
 * offline grace), the device's enrolment, and the upload. Before the device has an outbox
 * events wait in memory; once it has one, a failure to open it refuses security actions.
 */
export class AuditAgent {
  readonly buffer: AuditBuffer;
  readonly slot: AuditOutboxSlot;
  readonly recorder: AuditRecorder;
  private readonly ledger: BufferLedger;
  private opened: OpenedAuditOutbox | null = null;
  private shipping: AuditShipping | null = null;
  private sessionOrg = '';
  /** Read from disk at each connect (another process may have enrolled); org() runs at every append. */
  private enrolled: AuditEnrollment | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** `slot.securityAppended` when this process last signed a checkpoint in `uploadNow`. */
  private checkpointedAt = 0;

  constructor(private readonly options: AuditAgentOptions) {
    this.ledger = new BufferLedger(heldDir(options.dataDir), (e) => options.onError?.(e, 'audit held count'));
    this.buffer = new AuditBuffer(1000, options.now, (held) => this.ledger.note(held));
    this.slot = new AuditOutboxSlot(this.buffer, () => this.hasOutbox(), this.ledger);
    this.recorder = new AuditRecorder({ outbox: this.slot, level: () => options.policy().AuditLevel as AuditLevel, actor: options.actor });
  }

  /** Whether this device has an outbox: its data key was wrapped by an organisation's key. */
  hasOutbox(): boolean {
    return existsSync(keyFilePath(outboxPath(this.options.dataDir)));
  }

  get state(): AuditSlotState {
    return this.slot.state;
  }

  get enrollment(): AuditEnrollment | null {
    return this.enrolled;
  }

  /** Resolves when any open or close under way has finished (callers that must not record into the buffer wait here). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /**
   * Opens the outbox (with `session`, or with the cached key when there is none), enrols the
   * device when a session can and it is not enrolled yet, appends what waited in memory, and
   * starts shipping. Never throws: a failure leaves the slot unavailable and is reported.
   */
  connect(session: AuditSession | null): Promise<void> {
    return this.serialised(async () => {
      if (session) this.sessionOrg = session.org;
      this.enrolled = readEnrollment(this.options.dataDir);
      if (this.opened?.store.isLocked) await this.closeNow();
      const fresh = this.opened === null;
      if (fresh) {
        // A device without an outbox opens one only with a session: creating it needs the organisation's key.
        if (!session && !this.hasOutbox()) return;
        this.slot.beginOpening();
        try {
          this.opened = await openAuditOutbox({ dataDir: this.options.dataDir, keyWrapper: this.keyWrapper(session), secrets: await this.options.secrets(), policy: this.options.policy(), maxBytes: outboxMaxBytesFromPolicy(this.options.policy()), org: () => this.org(), now: this.options.now });
        } catch (e) {
          this.slot.detach(`the audit outbox cannot be opened (${(e as Error).message})`);
          this.options.onError?.(e, 'audit open');
          return;
        }
      } else if (session) {
        // The key service vouches for the data key again, which restarts the offline grace period.
        await this.opened!.store.refreshKey().catch((e: unknown) => this.options.onError?.(e, 'audit key refresh'));
      }
      if (session) await this.enroll(session).catch((e: unknown) => this.options.onError?.(e, 'audit enrol'));
      if (fresh) {
        // A budget changed while it was opening is not missed.
        this.policyChanged();
        try {
          this.slot.attach(this.opened!.outbox);
        } catch (e) {
          this.options.onError?.(e, 'audit buffer');
        }
      }
      await this.startShipping();
    });
  }

  /** Applies the policy that is read only when it changes: the outbox's disk budget. The host calls it on every policy change. */
  policyChanged(): void {
    try {
      this.opened?.outbox.setMaxBytes(outboxMaxBytesFromPolicy(this.options.policy()));
    } catch (e) {
      this.options.onError?.(e, 'audit budget');
    }
  }

  /**
   * One upload pass until `timeoutMs` has passed; never throws (see `AuditShipping.uploadBriefly`).
   * A one-shot process (the CLI) calls it before it exits: when it appended security events
   * since it last did, it first signs a checkpoint over the head with the device key, which
   * travels with the upload (or the next one), so a tail cut after this command shows.
   */
  async uploadNow(timeoutMs: number): Promise<UploadResult[]> {
    await this.settled();
    const shipping = this.shipping ?? (await this.newShipping({ requestTimeoutMs: timeoutMs }).catch(() => null));
    if (!shipping) return [];
    const appended = this.slot.securityAppended;
    if (appended > this.checkpointedAt) {
      try {
        shipping.checkpointer.checkpoint();
        this.checkpointedAt = appended;
      } catch (e) {
        this.options.onError?.(e, 'audit checkpoint');
      }
    }
    return shipping.uploadBriefly(Date.now() + timeoutMs);
  }

  close(): Promise<void> {
    return this.serialised(() => this.closeNow());
  }

  private async closeNow(): Promise<void> {
    await this.shipping?.stop();
    this.shipping = null;
    this.opened?.store.close();
    this.opened = null;
    this.slot.detach('the audit outbox is closed');
  }

  private keyWrapper(session: AuditSession | null): KeyWrapper {
    const server = session?.server ?? this.enrollment?.server;
    const deviceId = deviceIdOf(this.options.dataDir, true)!;
    if (!server) return new OfflineKeyWrapper();
    // Without a session every unwrap reports "unreachable", so only the cached key (within the grace) opens it.
    const accessToken = session?.accessToken ?? (() => Promise.reject(new Error('nobody is signed in')));
    return new ServerKeyWrapper({ server, deviceId, accessToken });
  }

  private async enroll(session: AuditSession): Promise<void> {
    const deviceId = deviceIdOf(this.options.dataDir, true)!;
    const current = this.enrollment;
    if (current?.device === deviceId) return;
    const key = await loadOrCreateDeviceKey(await this.options.secrets(), deviceId);
    const { org } = await enrollAuditDevice(session.server, await session.accessToken(), deviceId, key.publicKey);
    await writeEnrollment(this.options.dataDir, { server: session.server, org, device: deviceId });
    this.enrolled = { v: 1, server: session.server, org, device: deviceId };
  }

  private async startShipping(): Promise<void> {
    if (!this.options.ship || this.shipping || !this.opened) return;
    this.shipping = await this.newShipping(this.options.ship.uploader ?? {}).catch((e: unknown) => (this.options.onError?.(e, 'audit upload'), null));
    this.shipping?.start();
  }

  /** Needs an open outbox and an enrolment: the server accepts uploads only from enrolled device keys. */
  private async newShipping(uploader: Partial<UploaderOptions>): Promise<AuditShipping | null> {
    const enrollment = this.enrollment;
    if (!this.opened || !enrollment) return null;
    const key = await loadOrCreateDeviceKey(await this.options.secrets(), this.opened.deviceId);
    const server = this.options.policy().AuditUploadEndpoint ?? enrollment.server;
    return new AuditShipping({ outbox: this.opened.outbox, key, server, org: () => this.org(), checkpointIntervalMs: this.options.ship?.checkpointIntervalMs ?? 15 * 60_000, uploader });
  }

  private org(): string {
    return this.enrollment?.org ?? this.sessionOrg;
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
