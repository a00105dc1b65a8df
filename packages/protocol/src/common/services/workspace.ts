import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import type { Event } from '../event.js';

/**
 * Paths on the wire are absolute host paths (as the host prints them). The host
 * confines every one of them to the opened roots; the client never decides that.
 */
const path = z.string().min(1).max(4096);

export type FileKind = 'file' | 'directory' | 'symlink' | 'other';
export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'latin1';
export type Eol = '\n' | '\r\n';
export const encodings = ['utf8', 'utf8bom', 'utf16le', 'utf16be', 'latin1'] as const satisfies readonly Encoding[];

export interface WorkspaceRoot {
  /** Absolute, real (symlinks resolved) path of the root folder. */
  path: string;
  name: string;
}

export interface FileStat {
  path: string;
  name: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
  /** Changes whenever the bytes on disk may have changed; sent back on write to detect conflicts. */
  etag: string;
  readonly: boolean;
}

export interface DirectoryPage {
  /** Folders first, then files; natural sort ("file2" before "file10"), case-insensitive. */
  entries: FileStat[];
  total: number;
  /** Present when more entries follow; pass it back as `cursor`. */
  nextCursor?: number;
}

export interface TextFile {
  stat: FileStat;
  content: string;
  encoding: Encoding;
  eol: Eol;
  /** Files above the large-file threshold open read-only with reduced features. */
  tooLargeForEditing: boolean;
}

export type FileChangeType = 'added' | 'changed' | 'deleted';
export interface FileChange {
  type: FileChangeType;
  path: string;
}

export const listInput = z.object({ path, cursor: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(5000).optional() }).strict();
export const pathInput = z.object({ path }).strict();
export const writeInput = z
  .object({
    path,
    content: z.string(),
    encoding: z.enum(encodings).optional(),
    eol: z.enum(['\n', '\r\n']).optional(),
    /** The etag from the last read or write; a different etag on disk means conflict. */
    expectedEtag: z.string().max(200).optional(),
    /** Overwrite even if the file changed on disk. */
    force: z.boolean().optional(),
  })
  .strict();
export const createInput = z.object({ path, kind: z.enum(['file', 'directory']) }).strict();
export const renameInput = z.object({ from: path, to: path, overwrite: z.boolean().optional() }).strict();
export const deleteInput = z.object({ path, permanent: z.boolean().optional() }).strict();
export const openFolderInput = z.object({ path }).strict();
export const emptyInput = z.object({}).strict();

export interface IWorkspaceService {
  getRoots(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<WorkspaceRoot[]>;
  /** Opens a folder as the (only) root. Used by the welcome page and `marie serve` without a folder. */
  openFolder(input: z.infer<typeof openFolderInput>, signal?: AbortSignal): Promise<WorkspaceRoot[]>;
  list(input: z.infer<typeof listInput>, signal?: AbortSignal): Promise<DirectoryPage>;
  stat(input: z.infer<typeof pathInput>, signal?: AbortSignal): Promise<FileStat>;
  read(input: z.infer<typeof pathInput>, signal?: AbortSignal): Promise<TextFile>;
  write(input: z.infer<typeof writeInput>, signal?: AbortSignal): Promise<FileStat>;
  create(input: z.infer<typeof createInput>, signal?: AbortSignal): Promise<FileStat>;
  rename(input: z.infer<typeof renameInput>, signal?: AbortSignal): Promise<FileStat>;
  /** Moves to the OS trash; fails with E_TRASH_UNAVAILABLE unless `permanent` when there is none. */
  delete(input: z.infer<typeof deleteInput>, signal?: AbortSignal): Promise<{ trashed: boolean }>;
  /** External changes under the roots, coalesced. */
  onDidChangeFiles: Event<FileChange[]>;
  onDidChangeRoots: Event<WorkspaceRoot[]>;
}

export const workspaceContract = defineContract<IWorkspaceService>({
  channel: 'workspace',
  methods: {
    getRoots: emptyInput,
    openFolder: openFolderInput,
    list: listInput,
    stat: pathInput,
    read: pathInput,
    write: writeInput,
    create: createInput,
    rename: renameInput,
    delete: deleteInput,
  },
  events: { onDidChangeFiles: true, onDidChangeRoots: true },
});

/** Limits shared by host and UI. */
export const FileLimits = {
  /** Above this a file opens read-only with reduced features. */
  largeFileBytes: 20 * 1024 * 1024,
  /** Above this a file is not sent to the editor at all. */
  maxReadBytes: 48 * 1024 * 1024,
  defaultPageSize: 1000,
} as const;
