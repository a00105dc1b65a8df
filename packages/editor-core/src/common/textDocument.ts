import { Emitter, ErrorCode, isRpcError, type Disposable, type Encoding, type Eol, type IWorkspaceService, type TextFile } from '@marie/protocol';
import type { DiskState, SaveOutcome, TextSnapshot } from './documentState.js';
import { toWireError } from './errors.js';
import { basename } from './paths.js';
import { SerialQueue } from './serialQueue.js';
import { normalizeEol, type TextBuffer } from './textBuffer.js';

/** The workspace calls a document needs; tests pass a fake. */
export type DocumentFiles = Pick<IWorkspaceService, 'read' | 'write' | 'stat'>;

/**
 * One open text file: its buffer plus what we know about the bytes on disk. Saves, disk
 * checks and reloads run one at a time, so a change event arriving mid-save is judged
 * against the etag that save produced (our own write is never mistaken for theirs).
 */
export class TextDocument implements Disposable {
  private etag: string;
  private encoding: Encoding;
  private eol: Eol;
  private savedVersion: number;
  private disk: DiskState = 'inSync';
  private theirs: TextFile | undefined;
  private theirsText: string | undefined;
  private saving = false;
  private applyingDiskText = false;
  private current: TextSnapshot;
  private readonly queue = new SerialQueue();
  private readonly changes = new Emitter<TextSnapshot>();
  private readonly bufferListener: Disposable;
  private readonly readonly: boolean;
  private readonly reducedFeatures: boolean;
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly files: DocumentFiles,
    readonly path: string,
    file: TextFile,
    readonly buffer: TextBuffer,
  ) {
    this.etag = file.stat.etag;
    this.encoding = file.encoding;
    this.eol = file.eol;
    this.readonly = file.tooLargeForEditing || file.stat.readonly;
    this.reducedFeatures = file.tooLargeForEditing;
    this.savedVersion = buffer.getVersionId();
    this.current = this.compute();
    this.bufferListener = buffer.onDidChangeContent(() => this.applyingDiskText || this.update());
  }

  get snapshot(): TextSnapshot {
    return this.current;
  }

  get isDirty(): boolean {
    return this.buffer.getVersionId() !== this.savedVersion;
  }

  /** Writes the buffer. In conflict, a plain save fails again with conflict; use keepMine. */
  save(options: { force?: boolean } = {}): Promise<SaveOutcome> {
    return this.queue.run(() => this.write(options.force === true));
  }

  /** Resolves a conflict by overwriting the file on disk with the buffer. */
  keepMine(): Promise<SaveOutcome> {
    return this.save({ force: true });
  }

  /** Resolves a conflict by discarding the buffer's edits for the text on disk. */
  takeTheirs(): Promise<void> {
    return this.queue.run(async () => {
      const file = await this.readOrMarkDeleted();
      if (file) this.adopt(file);
    });
  }

  /** Called when the watcher reports a change at or above this path. */
  checkDisk(): Promise<void> {
    return this.queue.run(async () => {
      let etag: string;
      try {
        etag = (await this.files.stat({ path: this.path })).etag;
      } catch (e) {
        if (isRpcError(e, ErrorCode.NotFound)) return this.markDeleted();
        throw e;
      }
      if (etag === this.etag && this.disk !== 'deleted') {
        // Back to the bytes we last saw (or our own write echoing back).
        this.theirs = undefined;
        this.disk = 'inSync';
        return this.update();
      }
      if (this.disk === 'conflict' && etag === this.theirs?.stat.etag) return;
      const file = await this.readOrMarkDeleted();
      if (file) this.reconcile(file);
    });
  }

  dispose(): void {
    this.bufferListener.dispose();
    this.changes.dispose();
    this.buffer.dispose();
  }

  private async write(force: boolean): Promise<SaveOutcome> {
    if (this.readonly) return { status: 'readonly' };
    if (!force && !this.isDirty && this.disk === 'inSync') return { status: 'unchanged' };
    this.saving = true;
    this.update();
    try {
      return await this.writeOnce(force, true);
    } finally {
      this.saving = false;
      this.update();
    }
  }

  private async writeOnce(force: boolean, mayRetry: boolean): Promise<SaveOutcome> {
    const version = this.buffer.getVersionId();
    const content = this.buffer.getText();
    // A deleted file has no etag to match: the write recreates it.
    const expectedEtag = this.disk === 'deleted' ? undefined : this.etag;
    try {
      const stat = await this.files.write({ path: this.path, content, encoding: this.encoding, eol: this.eol, expectedEtag, ...(force ? { force } : {}) });
      this.etag = stat.etag;
      // Edits typed while the write was in flight keep the buffer dirty.
      this.savedVersion = version;
      this.disk = 'inSync';
      this.theirs = undefined;
      return { status: 'saved' };
    } catch (e) {
      const gone = isRpcError(e, ErrorCode.NotFound) && expectedEtag !== undefined;
      if (isRpcError(e, ErrorCode.Conflict) || gone) {
        const file = await this.readOrMarkDeleted().catch(() => undefined);
        if (file) this.reconcile(file);
        // Deleted underneath us: nobody's bytes to lose, so recreate it once.
        if (this.disk === 'deleted' && mayRetry) return this.writeOnce(force, false);
        if (this.disk === 'inSync' && !this.isDirty) return { status: 'saved' };
        return { status: 'conflict' };
      }
      return { status: 'failed', error: toWireError(e) };
    }
  }

  private async readOrMarkDeleted(): Promise<TextFile | undefined> {
    try {
      return await this.files.read({ path: this.path });
    } catch (e) {
      if (!isRpcError(e, ErrorCode.NotFound)) throw e;
      this.markDeleted();
      return undefined;
    }
  }

  /** Disk moved on: a clean buffer follows it, a dirty one goes into conflict. */
  private reconcile(file: TextFile): void {
    const same = file.eol === this.eol && normalizeEol(file.content, file.eol) === this.buffer.getText();
    if (same || !this.isDirty) return this.adopt(file);
    this.theirs = file;
    this.theirsText = normalizeEol(file.content, this.eol);
    this.disk = 'conflict';
    this.update();
  }

  /** Makes the disk's text the buffer's saved state. */
  private adopt(file: TextFile): void {
    this.applyingDiskText = true;
    try {
      this.buffer.setText(file.content, file.eol);
    } finally {
      this.applyingDiskText = false;
    }
    this.etag = file.stat.etag;
    this.encoding = file.encoding;
    this.eol = file.eol;
    this.savedVersion = this.buffer.getVersionId();
    this.disk = 'inSync';
    this.theirs = undefined;
    this.update();
  }

  private markDeleted(): void {
    this.disk = 'deleted';
    this.theirs = undefined;
    this.update();
  }

  private update(): void {
    const next = this.compute();
    if (sameSnapshot(next, this.current)) return;
    this.current = next;
    this.changes.fire(next);
  }

  private compute(): TextSnapshot {
    return {
      kind: 'text',
      path: this.path,
      name: basename(this.path),
      encoding: this.encoding,
      eol: this.eol,
      etag: this.etag,
      languageName: this.buffer.languageName,
      readonly: this.readonly,
      reducedFeatures: this.reducedFeatures,
      dirty: this.isDirty,
      disk: this.disk,
      theirs: this.disk === 'conflict' ? this.theirsText : undefined,
      saving: this.saving,
    };
  }
}

function sameSnapshot(a: TextSnapshot, b: TextSnapshot): boolean {
  return (Object.keys(a) as (keyof TextSnapshot)[]).every((k) => a[k] === b[k]);
}
