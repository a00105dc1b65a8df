import {
  createMemoryTransportPair,
  Emitter,
  ErrorCode,
  FileLimits,
  RpcClient,
  RpcError,
  RpcServer,
  workspaceContract,
  type DirectoryPage,
  type FileChange,
  type FileStat,
  type IWorkspaceService,
  type TextFile,
  type WorkspaceRoot,
} from '@marie/protocol';

interface Entry {
  kind: 'file' | 'directory';
  content: string;
  etag: string;
  binary?: boolean;
  large?: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * A tiny in-memory IWorkspaceService for component tests: POSIX paths, one root, natural
 * sort with folders first, etags that change on every write, and switches for the trash,
 * binaries and large files. `connected()` serves it over the real RPC on an in-memory
 * transport, so what the UI sends must survive the wire and the host's input schemas.
 */
export class InMemoryWorkspaceForTests implements IWorkspaceService {
  readonly entries = new Map<string, Entry>();
  roots: WorkspaceRoot[] = [];
  trashAvailable = true;
  /** The next write fails with this error (then writes work again). */
  failNextWrite: RpcError | undefined;
  readonly calls: string[] = [];
  private counter = 0;
  private readonly fileChanges = new Emitter<FileChange[]>();
  private readonly rootChanges = new Emitter<WorkspaceRoot[]>();
  readonly onDidChangeFiles = this.fileChanges.event;
  readonly onDidChangeRoots = this.rootChanges.event;

  constructor(files: Record<string, string | null> = {}, root = '/w') {
    this.addFolder(root);
    this.roots = [{ path: root, name: root.split('/').pop()! }];
    for (const [path, content] of Object.entries(files)) {
      if (content === null) this.addFolder(path);
      else this.addFile(path, content);
    }
  }

  addFolder(path: string): void {
    this.ensureParents(path);
    this.entries.set(path, { kind: 'directory', content: '', etag: this.etag() });
  }

  addFile(path: string, content: string, flags: { binary?: boolean; large?: boolean } = {}): void {
    this.ensureParents(path);
    this.entries.set(path, { kind: 'file', content, etag: this.etag(), ...flags });
  }

  /** Another program writes the file: the content changes and the watcher reports it. */
  externalWrite(path: string, content: string): void {
    const existed = this.entries.has(path);
    this.addFile(path, content);
    this.fileChanges.fire([{ type: existed ? 'changed' : 'added', path }]);
  }

  externalDelete(path: string): void {
    this.removeTree(path);
    this.fileChanges.fire([{ type: 'deleted', path }]);
  }

  content(path: string): string | undefined {
    return this.entries.get(path)?.content;
  }

  async getRoots(): Promise<WorkspaceRoot[]> {
    this.calls.push('getRoots');
    return this.roots;
  }

  async openFolder({ path }: { path: string }): Promise<WorkspaceRoot[]> {
    this.calls.push(`openFolder ${path}`);
    if (this.entries.get(path)?.kind !== 'directory') throw new RpcError(ErrorCode.NotFound, `No folder at ${path}`);
    this.roots = [{ path, name: path.split('/').pop() || path }];
    this.rootChanges.fire(this.roots);
    return this.roots;
  }

  async list({ path, cursor = 0, limit = FileLimits.defaultPageSize }: { path: string; cursor?: number; limit?: number }): Promise<DirectoryPage> {
    this.calls.push(`list ${path} ${cursor}`);
    if (this.get(path).kind !== 'directory') throw new RpcError(ErrorCode.NotADirectory, `${path} is not a folder`);
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const children = [...this.entries.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => this.statOf(p));
    children.sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'directory' ? -1 : 1));
    const entries = children.slice(cursor, cursor + limit);
    const next = cursor + entries.length;
    return { entries, total: children.length, ...(next < children.length ? { nextCursor: next } : {}) };
  }

  async stat({ path }: { path: string }): Promise<FileStat> {
    return this.statOf(path);
  }

  async read({ path }: { path: string }): Promise<TextFile> {
    this.calls.push(`read ${path}`);
    const entry = this.get(path);
    if (entry.kind === 'directory') throw new RpcError(ErrorCode.IsADirectory, `${path} is a folder`);
    if (entry.binary) throw new RpcError(ErrorCode.BinaryFile, `${path} is binary`);
    return { stat: this.statOf(path), content: entry.content, encoding: 'utf8', eol: entry.content.includes('\r\n') ? '\r\n' : '\n', tooLargeForEditing: entry.large === true };
  }

  async write(input: { path: string; content: string; expectedEtag?: string; force?: boolean }): Promise<FileStat> {
    this.calls.push(`write ${input.path}`);
    const failure = this.failNextWrite;
    this.failNextWrite = undefined;
    if (failure) throw failure;
    const existing = this.entries.get(input.path);
    if (!input.force && input.expectedEtag !== undefined && existing?.etag !== input.expectedEtag) {
      throw new RpcError(existing ? ErrorCode.Conflict : ErrorCode.NotFound, `${input.path} changed on disk`);
    }
    this.addFile(input.path, input.content);
    return this.statOf(input.path);
  }

  async create({ path, kind }: { path: string; kind: 'file' | 'directory' }): Promise<FileStat> {
    this.calls.push(`create ${path}`);
    if (this.entries.has(path)) throw new RpcError(ErrorCode.Exists, `${path} already exists`);
    if (kind === 'file') this.addFile(path, '');
    else this.addFolder(path);
    return this.statOf(path);
  }

  async rename({ from, to }: { from: string; to: string }): Promise<FileStat> {
    this.calls.push(`rename ${from} ${to}`);
    this.get(from);
    if (this.entries.has(to)) throw new RpcError(ErrorCode.Exists, `${to} already exists`);
    for (const [p, e] of [...this.entries]) {
      if (p === from || p.startsWith(`${from}/`)) {
        this.entries.delete(p);
        this.entries.set(to + p.slice(from.length), e);
      }
    }
    return this.statOf(to);
  }

  async delete({ path, permanent }: { path: string; permanent?: boolean }): Promise<{ trashed: boolean }> {
    this.calls.push(`delete ${path}${permanent ? ' permanent' : ''}`);
    this.get(path);
    if (!permanent && !this.trashAvailable) throw new RpcError(ErrorCode.TrashUnavailable, 'There is no trash on this system');
    this.removeTree(path);
    return { trashed: !permanent };
  }

  /** This service behind a real RpcServer/RpcClient pair on an in-memory transport. */
  connected(): IWorkspaceService {
    const [serverEnd, clientEnd] = createMemoryTransportPair();
    new RpcServer(serverEnd).register(workspaceContract, this);
    return new RpcClient(clientEnd).getProxy(workspaceContract);
  }

  private statOf(path: string): FileStat {
    const e = this.get(path);
    return { path, name: path.split('/').pop()!, kind: e.kind, size: e.content.length, mtimeMs: 0, etag: e.etag, readonly: false };
  }

  private get(path: string): Entry {
    const e = this.entries.get(path);
    if (!e) throw new RpcError(ErrorCode.NotFound, `${path} was not found`);
    return e;
  }

  private ensureParents(path: string): void {
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (!this.entries.has(p)) this.entries.set(p, { kind: 'directory', content: '', etag: this.etag() });
    }
  }

  private removeTree(path: string): void {
    for (const p of [...this.entries.keys()]) if (p === path || p.startsWith(`${path}/`)) this.entries.delete(p);
  }

  private etag(): string {
    return `etag-${++this.counter}`;
  }
}
