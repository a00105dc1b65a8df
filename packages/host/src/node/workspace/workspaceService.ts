import {
  Emitter,
  ErrorCode,
  FileLimits,
  RpcError,
  createInput,
  deleteInput,
  emptyInput,
  listInput,
  openFolderInput,
  pathInput,
  renameInput,
  writeInput,
  type DirectoryPage,
  type Event,
  type FileChange,
  type FileStat,
  type IWorkspaceService,
  type TextFile,
  type WorkspaceRoot,
} from '@marie/protocol';
import type { BigIntStats } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { atomicWriteFile, removeStaleTempFiles, type AtomicWriteOptions } from './atomicWrite.js';
import { DirectoryListingCache } from './directoryListing.js';
import { entryStat, etagOf, isWritable, toFileStat } from './fileStat.js';
import { errorCodeOf, isSystemError, mapFsErrors } from './fsErrors.js';
import { isInside, PathGuard, type GuardedPath } from './pathGuard.js';
import { refCountedEvent } from './refCountedEvent.js';
import { throwIfCancelled, validateInput } from './requestChecks.js';
import { openRoot, startupRoots } from './roots.js';
import { decodeText, encodeText, looksBinary } from './textCodec.js';
import { createDefaultTrash, type TrashProvider } from './trash.js';
import { FileWatcher } from './watcher.js';

export type { TrashProvider } from './trash.js';

export interface WorkspaceServiceOptions {
  roots: string[];
  trash?: TrashProvider;
  /** Watch the roots for external changes while someone listens; default true. */
  watch?: boolean;
  /** Called with a folder's real path before it becomes a root; throws to refuse (policy). */
  authorizeFolder?: (realPath: string) => void;
  /** Watcher failures (e.g. the inotify limit): the service keeps working, without events. */
  onWatchError?: (error: unknown) => void;
  /** After a save, with the path as named and the bytes written (the index re-parses them at once). */
  onDidWrite?: (path: string, bytes: Uint8Array) => Promise<void>;
  /** After a text file was read for the editor, with its bytes (the index gets ready for its saves); not awaited. */
  onDidRead?: (path: string, bytes: Uint8Array) => void;
}

type Arg<M extends 'getRoots' | 'openFolder' | 'list' | 'stat' | 'read' | 'write' | 'create' | 'rename' | 'delete'> = Parameters<IWorkspaceService[M]>[0];

/** Temp files older than this were surely left by a killed writer, not one still running. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** The host's file system, confined to the open roots; every path is checked on every call. */
export class WorkspaceService implements IWorkspaceService {
  private roots: WorkspaceRoot[];
  private readonly guard = new PathGuard(() => this.roots);
  private readonly trash: TrashProvider;
  private readonly listings = new DirectoryListingCache();
  private readonly fileChanges = new Emitter<FileChange[]>();
  private readonly rootChanges = new Emitter<WorkspaceRoot[]>();
  private readonly watcher: FileWatcher | undefined;
  private watching = false;
  private disposed = false;
  private readonly sweptDirs = new Set<string>();

  readonly onDidChangeFiles: Event<FileChange[]>;
  readonly onDidChangeRoots: Event<WorkspaceRoot[]> = this.rootChanges.event;

  constructor(private readonly options: WorkspaceServiceOptions) {
    this.roots = startupRoots(options.roots);
    this.trash = options.trash ?? createDefaultTrash();
    this.watcher =
      options.watch === false
        ? undefined
        : new FileWatcher({ onChanges: (changes) => this.externalChanges(changes), onError: options.onWatchError });
    // The OS watcher only runs while a client listens.
    this.onDidChangeFiles = refCountedEvent(
      this.fileChanges,
      () => this.setWatching(true),
      () => this.setWatching(false),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.fileChanges.dispose();
    this.rootChanges.dispose();
  }

  /** Confines a wire path to the open roots, for other services acting on workspace files. */
  confine(path: string): Promise<GuardedPath> {
    return this.guard.check(path, 'follow');
  }

  /** Resolves once the watcher has (re)subscribed; events before that may be missed. */
  whenWatcherReady(): Promise<void> {
    return this.watcher?.whenSettled() ?? Promise.resolve();
  }

  async getRoots(input: Arg<'getRoots'>): Promise<WorkspaceRoot[]> {
    validateInput(emptyInput, input);
    return this.roots.map((r) => ({ ...r }));
  }

  /** Deliberately not confined: choosing a folder is how confinement is set up. */
  async openFolder(input: Arg<'openFolder'>, signal?: AbortSignal): Promise<WorkspaceRoot[]> {
    const { path } = validateInput(openFolderInput, input);
    const root = await openRoot(path);
    this.options.authorizeFolder?.(root.path);
    throwIfCancelled(signal);
    return this.setRoots([root]);
  }

  /** Adds a root beside the open ones (multi-root start-up); same checks as openFolder. */
  async addRoot(path: string): Promise<WorkspaceRoot[]> {
    const root = await openRoot(path);
    this.options.authorizeFolder?.(root.path);
    if (this.roots.some((r) => r.path === root.path)) return this.getRoots({});
    return this.setRoots([...this.roots, root]);
  }

  private async setRoots(roots: WorkspaceRoot[]): Promise<WorkspaceRoot[]> {
    this.roots = roots;
    this.listings.clear();
    if (this.watching) void this.watcher?.start(roots.map((r) => r.path));
    const result = await this.getRoots({});
    this.rootChanges.fire(result);
    return result;
  }

  async list(input: Arg<'list'>, signal?: AbortSignal): Promise<DirectoryPage> {
    const { path, cursor = 0, limit = FileLimits.defaultPageSize } = validateInput(listInput, input);
    const dir = await this.guard.check(path, 'follow');
    return mapFsErrors(dir.path, async () => {
      const all = await this.listings.get(dir.real, dir.path);
      throwIfCancelled(signal);
      // Only the requested page is stat'ed; an entry deleted meanwhile is simply left out.
      const page = await Promise.all(
        all.slice(cursor, cursor + limit).map((e) => entryStat(join(dir.path, e.name), join(dir.real, e.name), dir.root.path).catch(skipIfGone)),
      );
      throwIfCancelled(signal);
      const next = cursor + limit;
      return { entries: page.filter((e): e is FileStat => e !== undefined), total: all.length, ...(next < all.length ? { nextCursor: next } : {}) };
    });
  }

  async stat(input: Arg<'stat'>): Promise<FileStat> {
    const { path } = validateInput(pathInput, input);
    const target = await this.guard.check(path, 'follow');
    return mapFsErrors(target.path, async () => toFileStat(target.path, await stat(target.real, { bigint: true }), !(await isWritable(target.real))));
  }

  async read(input: Arg<'read'>, signal?: AbortSignal): Promise<TextFile> {
    const { path } = validateInput(pathInput, input);
    const target = await this.guard.check(path, 'follow');
    return mapFsErrors(target.path, async () => {
      // O_NONBLOCK: opening a FIFO must not hang the host; it is refused just below.
      const handle = await open(target.real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const st = await handle.stat({ bigint: true });
        assertRegularFile(st, target.path);
        if (st.size > FileLimits.maxReadBytes) throw tooLarge(target.path, st.size);
        const bytes = await handle.readFile({ signal });
        if (bytes.length > FileLimits.maxReadBytes) throw tooLarge(target.path, BigInt(bytes.length));
        if (looksBinary(bytes)) throw new RpcError(ErrorCode.BinaryFile, `${target.path} is a binary file`);
        this.options.onDidRead?.(target.path, bytes);
        return {
          // The etag comes from the open handle, so it describes the bytes read (or older ones).
          stat: toFileStat(target.path, st, !(await isWritable(target.real))),
          ...decodeText(bytes),
          tooLargeForEditing: bytes.length > FileLimits.largeFileBytes,
        };
      } finally {
        await handle.close();
      }
    });
  }

  async write(input: Arg<'write'>, signal?: AbortSignal): Promise<FileStat> {
    const args = validateInput(writeInput, input);
    const target = await this.guard.check(args.path, 'follow');
    const bytes = encodeText(args.content, args.encoding ?? 'utf8', args.eol);
    return mapFsErrors(target.path, async () => {
      const current = await statIfExists(target.real);
      if (current) {
        assertRegularFile(current, target.path);
        if (args.expectedEtag !== undefined && !args.force && etagOf(current) !== args.expectedEtag) {
          throw new RpcError(ErrorCode.Conflict, `${target.path} was changed on disk after it was read`);
        }
        // Without this, the atomic rename would silently replace a file the user cannot write.
        if (!(await isWritable(target.real))) throw new RpcError(ErrorCode.PermissionDenied, `${target.path} is read-only`);
      }
      throwIfCancelled(signal);
      await atomicWriteFile(target.real, bytes, current ? keepAttributes(current) : {});
      if (!current) this.listings.invalidate(dirname(target.real));
      this.sweepTempFilesOnce(dirname(target.real));
      await this.options.onDidWrite?.(target.path, bytes);
      return toFileStat(target.path, await stat(target.real, { bigint: true }), false);
    });
  }

  async create(input: Arg<'create'>, signal?: AbortSignal): Promise<FileStat> {
    const { path, kind } = validateInput(createInput, input);
    // 'noFollow': anything already at the name, even a dangling link, means E_EXISTS.
    const target = await this.guard.check(path, 'noFollow');
    if (target.isRoot) throw new RpcError(ErrorCode.Exists, `${target.path} already exists`);
    throwIfCancelled(signal);
    return mapFsErrors(target.path, async () => {
      if (kind === 'directory') await mkdir(target.real);
      else await (await open(target.real, 'wx', 0o666)).close();
      this.listings.invalidate(dirname(target.real));
      return entryStat(target.path, target.real, target.root.path);
    });
  }

  async rename(input: Arg<'rename'>, signal?: AbortSignal): Promise<FileStat> {
    const { from: fromPath, to: toPath, overwrite } = validateInput(renameInput, input);
    const from = await this.guard.check(fromPath, 'noFollow');
    const to = await this.guard.check(toPath, 'noFollow');
    if (from.isRoot || to.isRoot) throw rootUntouchable(from.isRoot ? from.path : to.path);
    if (to.real !== from.real && isInside(to.real, from.real)) {
      throw new RpcError(ErrorCode.PathInvalid, `Cannot move ${from.path} into itself`);
    }
    throwIfCancelled(signal);
    return mapFsErrors(from.path, async () => {
      const source = await lstat(from.real);
      const existing = await statIfExists(to.real, false);
      // Same inode: a case-only rename on a case-insensitive disk, not a clash.
      const sameFile = existing !== undefined && existing.ino === BigInt(source.ino) && existing.dev === BigInt(source.dev);
      if (existing && !overwrite && !sameFile) throw new RpcError(ErrorCode.Exists, `${to.path} already exists`);
      await rename(from.real, to.real);
      this.listings.invalidate(dirname(from.real));
      this.listings.invalidate(dirname(to.real));
      return entryStat(to.path, to.real, to.root.path);
    });
  }

  async delete(input: Arg<'delete'>, signal?: AbortSignal): Promise<{ trashed: boolean }> {
    const { path, permanent } = validateInput(deleteInput, input);
    // 'noFollow': deleting a link removes the link, never what it points to.
    const target = await this.guard.check(path, 'noFollow');
    if (target.isRoot) throw rootUntouchable(target.path);
    await mapFsErrors(target.path, () => lstat(target.real));
    throwIfCancelled(signal);
    this.listings.invalidate(dirname(target.real));
    if (!permanent) {
      if (!(await this.moveToTrash(target.real, target.path))) {
        throw new RpcError(ErrorCode.TrashUnavailable, `${target.path} cannot be moved to a trash here; delete it permanently?`);
      }
      return { trashed: true };
    }
    await mapFsErrors(target.path, () => rm(target.real, { recursive: true }));
    return { trashed: false };
  }

  private async moveToTrash(real: string, label: string): Promise<boolean> {
    try {
      return await this.trash.moveToTrash(real);
    } catch (error) {
      // Injected providers (Electron's shell.trashItem) throw plain errors without a code.
      if (isSystemError(error)) return mapFsErrors(label, () => Promise.reject(error));
      throw new RpcError(ErrorCode.Io, `Could not move ${label} to the trash`);
    }
  }

  private setWatching(on: boolean): void {
    this.watching = on && !this.disposed;
    if (!this.watcher || (on && this.disposed)) return;
    if (on) void this.watcher.start(this.roots.map((r) => r.path));
    else void this.watcher.stop();
  }

  private externalChanges(changes: FileChange[]): void {
    for (const c of changes) this.listings.invalidate(dirname(c.path));
    this.fileChanges.fire(changes);
  }

  /** Clears temp files a killed writer left behind, once per folder per session. */
  private sweepTempFilesOnce(dir: string): void {
    if (this.sweptDirs.has(dir)) return;
    if (this.sweptDirs.size > 10_000) this.sweptDirs.clear();
    this.sweptDirs.add(dir);
    removeStaleTempFiles(dir, STALE_TEMP_MS).catch(() => undefined);
  }
}

async function statIfExists(p: string, follow = true): Promise<BigIntStats | undefined> {
  try {
    return follow ? await stat(p, { bigint: true }) : await lstat(p, { bigint: true });
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function skipIfGone(error: unknown): undefined {
  if (errorCodeOf(error) === 'ENOENT') return undefined;
  throw error;
}

function assertRegularFile(st: BigIntStats, label: string): void {
  if (st.isDirectory()) throw new RpcError(ErrorCode.IsADirectory, `${label} is a folder`);
  if (!st.isFile()) throw new RpcError(ErrorCode.Io, `${label} is not a regular file (device, pipe or socket)`);
}

function tooLarge(label: string, size: bigint): RpcError {
  const mb = (n: number | bigint) => Math.round(Number(n) / (1024 * 1024));
  return new RpcError(ErrorCode.FileTooLarge, `${label} is ${mb(size)} MB; files above ${mb(FileLimits.maxReadBytes)} MB cannot be opened`);
}

function rootUntouchable(label: string): RpcError {
  return new RpcError(ErrorCode.PermissionDenied, `${label} is the workspace folder itself and cannot be deleted, renamed or replaced`);
}

/** Keep the file's permission bits and (when we are privileged) its owner across the rename. */
function keepAttributes(st: BigIntStats): AtomicWriteOptions {
  const mode = Number(st.mode & 0o7777n);
  const uid = Number(st.uid);
  const gid = Number(st.gid);
  const differentOwner = process.getuid !== undefined && (uid !== process.getuid() || gid !== process.getgid?.());
  return differentOwner ? { mode, owner: { uid, gid } } : { mode };
}
