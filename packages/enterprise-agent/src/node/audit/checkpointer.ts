import { checkpointSigningInput } from '../../common/audit/canonical.js';
import type { AuditCheckpoint } from '../../common/audit/record.js';
import { signEd25519, type Ed25519Pair } from './chainCrypto.js';
import type { AuditOutbox } from './outbox.js';

export interface CheckpointerOptions {
  outbox: AuditOutbox;
  key: Ed25519Pair;
  org?: () => string;
  /** Fixed interval; a checkpoint is made even when nothing happened, so a cut tail shows. */
  intervalMs: number;
  now?: () => number;
}

/** Signs the outbox's head at a fixed interval with the device key from the keychain. */
export class Checkpointer {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CheckpointerOptions) {}

  checkpoint(): AuditCheckpoint {
    const head = this.options.outbox.head;
    const unsigned = {
      type: 'checkpoint' as const,
      v: 1 as const,
      org: this.options.org?.() ?? '',
      device: this.options.outbox.device,
      seq: head.seq,
      hash: head.hash,
      time: new Date((this.options.now ?? Date.now)()).toISOString(),
    };
    const cp: AuditCheckpoint = { ...unsigned, sig: signEd25519(this.options.key.privateKey, checkpointSigningInput(unsigned)) };
    this.options.outbox.saveCheckpoint(cp);
    return cp;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.checkpoint();
      } catch {
        // A locked store skips this tick; the next one tries again. The gap in checkpoints is itself visible.
      }
    }, this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
