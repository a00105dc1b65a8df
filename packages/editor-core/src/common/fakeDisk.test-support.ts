import { ErrorCode, RpcError, type FileStat, type TextFile } from '@marie/protocol';
import type { DocumentFiles } from './textDocument.js';

/** An in-memory disk for document tests: etags change on every write, failures injectable. */
export class FakeDisk implements DocumentFiles {
  readonly files = new Map<string, { content: string; etag: string }>();
  readonly writes: Parameters<DocumentFiles['write']>[0][] = [];
  private counter = 0;
  /** The next write fails with this error. */
  failNextWrite: RpcError | undefined;
  /** While set, writes wait for it after being recorded. */
  hold: Promise<void> | undefined;
  binary = new Set<string>();
  large = new Set<string>();

  put(path: string, content: string): string {
    const etag = `e${++this.counter}`;
    this.files.set(path, { content, etag });
    return etag;
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  async stat({ path }: { path: string }): Promise<FileStat> {
    const f = this.get(path);
    return { path, name: path.split('/').pop()!, kind: 'file', size: f.content.length, mtimeMs: 0, etag: f.etag, readonly: false };
  }

  async read({ path }: { path: string }): Promise<TextFile> {
    if (this.binary.has(path)) throw new RpcError(ErrorCode.BinaryFile, 'binary');
    const stat = await this.stat({ path });
    const eol = stat && this.get(path).content.includes('\r\n') ? '\r\n' : '\n';
    return { stat, content: this.get(path).content, encoding: 'utf8', eol, tooLargeForEditing: this.large.has(path) };
  }

  async write(input: Parameters<DocumentFiles['write']>[0]): Promise<FileStat> {
    this.writes.push(input);
    await this.hold;
    const fail = this.failNextWrite;
    this.failNextWrite = undefined;
    if (fail) throw fail;
    const existing = this.files.get(input.path);
    if (!input.force && input.expectedEtag !== undefined) {
      if (!existing) throw new RpcError(ErrorCode.NotFound, 'gone');
      if (existing.etag !== input.expectedEtag) throw new RpcError(ErrorCode.Conflict, 'changed on disk');
    }
    this.put(input.path, input.content);
    return this.stat(input);
  }

  private get(path: string) {
    const f = this.files.get(path);
    if (!f) throw new RpcError(ErrorCode.NotFound, `${path} not found`);
    return f;
  }
}
