import { z } from 'zod';
import type { Event } from '../event.js';
import { defineContract } from '../rpc/contract.js';
import { emptyInput } from './workspace.js';

/** Zero-based lines and columns (UTF-16 code units), as Monaco counts minus one. */
export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export type IndexPhase = 'idle' | 'discovering' | 'parsing' | 'storing' | 'ready';

export interface IndexStatus {
  phase: IndexPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  /** Files per second over the current phase. */
  rate: number;
  etaMs: number | null;
  /** Totals in the index now. */
  files: number;
  symbols: number;
  /** Files that could not be parsed (timeouts, crashes), reported not retried. */
  quarantined: number;
  /** Why the index may miss changes made on disk until the next start (e.g. the system's file-watch limit). */
  warning?: string;
}

export interface FileMatch {
  path: string;
  score: number;
  /** Indexes into the path's characters that matched, for highlighting. */
  positions: number[];
}

export interface SymbolInfo {
  name: string;
  kind: string;
  path: string;
  range: TextRange;
  container?: string;
}

export interface OutlineNode extends SymbolInfo {
  fullRange: TextRange;
  children: OutlineNode[];
}

export interface ReferenceInfo {
  name: string;
  kind: string;
  path: string;
  range: TextRange;
}

export interface TextMatch {
  path: string;
  line: number;
  column: number;
  length: number;
  /** The matched line, trimmed to a preview. */
  preview: string;
  /** Where the match starts in `preview` (long lines are clipped around the match). */
  previewColumn: number;
}

/** Answers carry `partial` while the index is still being built. */
export interface Results<T> {
  results: T[];
  partial: boolean;
}

const query = z.string().max(512);
const limit = z.number().int().min(1).max(10_000).optional();
const glob = z.array(z.string().min(1).max(512)).max(64).optional();

export const findFilesInput = z.object({ query, limit }).strict();
export const findSymbolsInput = z.object({ query, kinds: z.array(z.string().max(32)).max(32).optional(), limit }).strict();
export const nameInput = z.object({ name: z.string().min(1).max(512), limit }).strict();
export const outlineInput = z.object({ path: z.string().min(1).max(4096) }).strict();
export const searchTextInput = z
  .object({
    /** Chosen by the client so it can tell its own streamed matches apart. */
    searchId: z.string().min(1).max(64),
    pattern: z.string().min(1).max(1000),
    regex: z.boolean().optional(),
    caseSensitive: z.boolean().optional(),
    wholeWord: z.boolean().optional(),
    include: glob,
    exclude: glob,
    maxResults: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

export interface TextSearchSummary {
  searchId: string;
  total: number;
  files: number;
  limitHit: boolean;
  partial: boolean;
  durationMs: number;
}

export interface IIndexService {
  status(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<IndexStatus>;
  /** Quick open: fuzzy over paths; favours contiguous, basename and recently opened matches. */
  findFiles(input: z.infer<typeof findFilesInput>, signal?: AbortSignal): Promise<Results<FileMatch>>;
  /** Workspace symbols: fuzzy, prefix and camelCase, case-insensitive. */
  findSymbols(input: z.infer<typeof findSymbolsInput>, signal?: AbortSignal): Promise<Results<SymbolInfo>>;
  definitions(input: z.infer<typeof nameInput>, signal?: AbortSignal): Promise<Results<SymbolInfo>>;
  references(input: z.infer<typeof nameInput>, signal?: AbortSignal): Promise<Results<ReferenceInfo>>;
  outline(input: z.infer<typeof outlineInput>, signal?: AbortSignal): Promise<OutlineNode[]>;
  /** Find in files. Matches stream through onDidFindText; the promise settles with the summary. */
  searchText(input: z.infer<typeof searchTextInput>, signal?: AbortSignal): Promise<TextSearchSummary>;
  /** Tells the index a file was opened, so quick open ranks it higher. */
  recordOpened(input: z.infer<typeof outlineInput>, signal?: AbortSignal): Promise<void>;
  onDidChangeStatus: Event<IndexStatus>;
  onDidFindText: Event<{ searchId: string; matches: TextMatch[] }>;
}

export const indexContract = defineContract<IIndexService>({
  channel: 'index',
  methods: {
    status: emptyInput,
    findFiles: findFilesInput,
    findSymbols: findSymbolsInput,
    definitions: nameInput,
    references: nameInput,
    outline: outlineInput,
    searchText: searchTextInput,
    recordOpened: outlineInput,
  },
  events: { onDidChangeStatus: true, onDidFindText: true },
});
