import { Emitter, ErrorCode, isRpcError, type Disposable, type FileChange, type WireError } from '@marie/protocol';
import type { DocumentSnapshot } from './documentState.js';
import { toWireError } from './errors.js';
import { basename, isEqualOrInside } from './paths.js';
import type { BufferFactory } from './textBuffer.js';
import { TextDocument, type DocumentFiles } from './textDocument.js';

export interface DocumentManagerOptions {
  files: DocumentFiles;
  createBuffer: BufferFactory;
  /** Failures nobody awaits (background disk checks). */
  onError?: (error: WireError, path: string) => void;
}

export interface DocumentChange {
  path: string;
  /** Undefined once the document is closed. */
  snapshot: DocumentSnapshot | undefined;
}

interface Entry {
  snapshot: DocumentSnapshot;
  doc?: TextDocument;
  opening?: Promise<DocumentSnapshot>;
  listener?: Disposable;
}

/** All open documents by path: opens them from the host, routes watcher events, closes them. */
export class DocumentManager implements Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changes = new Emitter<DocumentChange>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly options: DocumentManagerOptions) {}

  /** Opens (or returns) the document; failures become binary/unavailable snapshots, not throws. */
  open(path: string): Promise<DocumentSnapshot> {
    const existing = this.entries.get(path);
    if (existing) return existing.opening ?? Promise.resolve(existing.snapshot);
    const entry: Entry = { snapshot: { kind: 'loading', path, name: basename(path) } };
    this.entries.set(path, entry);
    this.fire(path, entry.snapshot);
    entry.opening = this.load(path, entry).finally(() => delete entry.opening);
    return entry.opening;
  }

  get(path: string): TextDocument | undefined {
    return this.entries.get(path)?.doc;
  }

  snapshot(path: string): DocumentSnapshot | undefined {
    return this.entries.get(path)?.snapshot;
  }

  get openPaths(): string[] {
    return [...this.entries.keys()];
  }

  close(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    entry.listener?.dispose();
    entry.doc?.dispose();
    this.fire(path, undefined);
  }

  /** Watcher events: every open document at or under a changed path checks the disk. */
  handleFileChanges(changes: readonly FileChange[]): void {
    for (const [path, entry] of this.entries) {
      if (!changes.some((c) => isEqualOrInside(path, c.path))) continue;
      if (entry.doc) {
        entry.doc.checkDisk().catch((e) => this.options.onError?.(toWireError(e), path));
      } else if (entry.snapshot.kind === 'unavailable' && !entry.opening) {
        // It may exist now: try again.
        this.close(path);
        void this.open(path);
      }
    }
  }

  dispose(): void {
    for (const path of [...this.entries.keys()]) this.close(path);
    this.changes.dispose();
  }

  private async load(path: string, entry: Entry): Promise<DocumentSnapshot> {
    const name = basename(path);
    let snapshot: DocumentSnapshot;
    try {
      const file = await this.options.files.read({ path });
      const buffer = await this.options.createBuffer({ path, text: file.content, eol: file.eol, reducedFeatures: file.tooLargeForEditing });
      if (this.entries.get(path) !== entry) {
        buffer.dispose();
        return entry.snapshot;
      }
      const doc = new TextDocument(this.options.files, path, file, buffer);
      entry.doc = doc;
      entry.listener = doc.onDidChange((s) => {
        entry.snapshot = s;
        this.fire(path, s);
      });
      snapshot = doc.snapshot;
    } catch (e) {
      snapshot = isRpcError(e, ErrorCode.BinaryFile) ? { kind: 'binary', path, name } : { kind: 'unavailable', path, name, error: toWireError(e) };
    }
    if (this.entries.get(path) !== entry) return snapshot;
    entry.snapshot = snapshot;
    this.fire(path, snapshot);
    return snapshot;
  }

  private fire(path: string, snapshot: DocumentSnapshot | undefined): void {
    this.changes.fire({ path, snapshot });
  }
}
