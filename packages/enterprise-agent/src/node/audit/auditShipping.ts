import type { Ed25519Pair } from './chainCrypto.js';
import { Checkpointer } from './checkpointer.js';
import type { AuditOutbox } from './outbox.js';
import { AuditUploader, type UploaderOptions, type UploadResult } from './uploader.js';

export interface AuditShippingOptions {
  outbox: AuditOutbox;
  key: Ed25519Pair;
  /** The backend that receives uploads (policy `AuditUploadEndpoint`, else the server enrolled with). */
  server: string;
  org: () => string;
  checkpointIntervalMs: number;
  uploader?: Partial<UploaderOptions>;
}

/**
 * What gets the outbox off the machine: the uploader's loop and the checkpointer's timer in a
 * long-running process (the host), or `uploadBriefly` once in a short one (the CLI).
 */
export class AuditShipping {
  readonly uploader: AuditUploader;
  readonly checkpointer: Checkpointer;

  constructor(options: AuditShippingOptions) {
    this.uploader = new AuditUploader({ ...options.uploader, outbox: options.outbox, key: options.key, server: options.server });
    this.checkpointer = new Checkpointer({ outbox: options.outbox, key: options.key, org: options.org, intervalMs: options.checkpointIntervalMs });
  }

  start(): void {
    this.checkpointer.start();
    this.uploader.start();
  }

  async stop(): Promise<void> {
    this.checkpointer.stop();
    await this.uploader.stop();
  }

  /**
   * Uploads until the outbox is empty, the server asks to wait, or `deadline` (epoch ms)
   * passes. Never throws: a short-lived command must not fail because the server is away.
   */
  async uploadBriefly(deadline: number): Promise<UploadResult[]> {
    const results: UploadResult[] = [];
    while (Date.now() < deadline) {
      let r: UploadResult;
      try {
        r = await this.uploader.uploadOnce();
      } catch (e) {
        r = { kind: 'retry', delayMs: 0, reason: `local: ${(e as Error).message}` };
      }
      results.push(r);
      if (r.kind !== 'acked') break;
    }
    return results;
  }
}
