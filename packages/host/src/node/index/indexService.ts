import type { IndexProgress, SymbolKind } from '@marie/indexer';
import { SYMBOL_KINDS, type WorkspaceIndex } from '@marie/indexer/node';
import { Emitter, emptyInput, ErrorCode, findFilesInput, findSymbolsInput, nameInput, outlineInput, RpcError, searchTextInput } from '@marie/protocol';
import type { FileMatch, IIndexService, IndexStatus, OutlineNode, ReferenceInfo, Results, SymbolInfo, TextMatch, TextSearchSummary } from '@marie/protocol';
import type { GuardedPath } from '../workspace/pathGuard.js';
import { throwIfCancelled, validateInput } from '../workspace/requestChecks.js';
import type { HostIndex } from './hostIndex.js';
import { readTotals } from './indexCatalog.js';
import { IDLE_STATUS, statusOf } from './indexStatus.js';
import { runTextSearch } from './textSearch.js';
import { Throttle } from './throttle.js';
import { toFileMatch, toOutlineNode, toReferenceInfo, toSymbolInfo } from './wireResults.js';

type Arg<M extends keyof IIndexService> = IIndexService[M] extends (input: infer I, signal?: AbortSignal) => unknown ? I : never;

/** Status events at most this often; phase changes go out at once. */
const STATUS_EVERY_MS = 250;
/** Counting symbols is a query over the whole store: at most this often. */
const SYMBOL_COUNT_TTL_MS = 2_000;

/**
 * The `index` channel: the workspace index in the contract's shapes. Paths on the wire
 * are absolute; incoming ones pass the workspace's own path guard. With no folder open
 * (or the index disabled) searches answer empty and the status is idle.
 */
export class IndexService implements IIndexService {
  private readonly statusEvents = new Emitter<IndexStatus>();
  private readonly textEvents = new Emitter<{ searchId: string; matches: TextMatch[] }>();
  private readonly throttle = new Throttle<IndexStatus>(STATUS_EVERY_MS, (s) => this.statusEvents.fire(s));
  private readonly stopListening: () => void;
  private lastProgress: IndexProgress | undefined;
  private symbolCount = { value: 0, at: -Infinity };

  readonly onDidChangeStatus = this.statusEvents.event;
  readonly onDidFindText = this.textEvents.event;

  constructor(
    private readonly index: HostIndex,
    private readonly confine: (path: string) => Promise<GuardedPath>,
  ) {
    this.stopListening = index.onProgress((p) => this.progressed(p));
  }

  dispose(): void {
    this.stopListening();
    this.throttle.dispose();
    this.statusEvents.dispose();
    this.textEvents.dispose();
  }

  async status(input: Arg<'status'>): Promise<IndexStatus> {
    validateInput(emptyInput, input);
    const index = this.index.active;
    return index ? this.statusNow(index, 'if-stale') : { ...IDLE_STATUS, quarantined: this.index.quarantined() };
  }

  async findFiles(input: Arg<'findFiles'>, signal?: AbortSignal): Promise<Results<FileMatch>> {
    const { query, limit } = validateInput(findFilesInput, input);
    return this.results(signal, (index) => index.quickOpen(query, withLimit(limit)), toFileMatch);
  }

  async findSymbols(input: Arg<'findSymbols'>, signal?: AbortSignal): Promise<Results<SymbolInfo>> {
    const { query, kinds, limit } = validateInput(findSymbolsInput, input);
    const known = checkKinds(kinds);
    return this.results(signal, (index) => index.searchSymbols(query, { ...(known ? { kinds: known } : {}), ...withLimit(limit) }), toSymbolInfo);
  }

  async definitions(input: Arg<'definitions'>, signal?: AbortSignal): Promise<Results<SymbolInfo>> {
    const { name, limit } = validateInput(nameInput, input);
    return this.results(signal, (index) => index.findDefinitions(name, withLimit(limit)), toSymbolInfo);
  }

  async references(input: Arg<'references'>, signal?: AbortSignal): Promise<Results<ReferenceInfo>> {
    const { name, limit } = validateInput(nameInput, input);
    return this.results(signal, (index) => index.findReferences(name, withLimit(limit)), toReferenceInfo);
  }

  async outline(input: Arg<'outline'>, signal?: AbortSignal): Promise<OutlineNode[]> {
    const { path } = validateInput(outlineInput, input);
    const target = await this.confine(path);
    const index = await this.open(signal);
    return index ? index.outline(target.path).map((n) => toOutlineNode(n, target.path)) : [];
  }

  async searchText(input: Arg<'searchText'>, signal?: AbortSignal): Promise<TextSearchSummary> {
    const args = validateInput(searchTextInput, input);
    const index = await this.open(signal);
    if (!index) return { searchId: args.searchId, total: 0, files: 0, limitHit: false, partial: false, durationMs: 0 };
    return runTextSearch(index, args, (matches) => this.textEvents.fire({ searchId: args.searchId, matches }), signal);
  }

  async recordOpened(input: Arg<'recordOpened'>, signal?: AbortSignal): Promise<void> {
    const { path } = validateInput(outlineInput, input);
    const target = await this.confine(path);
    const index = await this.open(signal);
    index?.recordOpened(target.path);
  }

  /** One search on the open index, its items in the contract's shape and its `partial` flag kept. */
  private async results<T, R>(signal: AbortSignal | undefined, search: (index: WorkspaceIndex) => { items: T[]; partial: boolean }, toWire: (item: T) => R): Promise<Results<R>> {
    const index = await this.open(signal);
    if (!index) return { results: [], partial: false };
    const r = search(index);
    return { results: r.items.map(toWire), partial: r.partial };
  }

  /** Opens the index on first use; a request cancelled meanwhile stops here. */
  private async open(signal: AbortSignal | undefined): Promise<WorkspaceIndex | undefined> {
    const index = await this.index.current();
    throwIfCancelled(signal);
    return index;
  }

  private progressed(p: IndexProgress): void {
    const phaseChanged = p.phase !== this.lastProgress?.phase;
    this.lastProgress = p;
    const index = this.index.active;
    if (!index) {
      // Still inside WorkspaceIndex.open (the first scan runs there): progress alone.
      this.throttle.push({ ...IDLE_STATUS, ...p, quarantined: this.index.quarantined() }, phaseChanged);
      return;
    }
    // The totals are recounted once a build is done, not on every progress step.
    this.throttle.push(this.statusNow(index, phaseChanged && p.phase === 'ready' ? 'always' : 'never'), phaseChanged);
  }

  /** A build that just finished always recounts; status polls reuse a count younger than the TTL. */
  private statusNow(index: WorkspaceIndex, recount: 'always' | 'if-stale' | 'never'): IndexStatus {
    const now = Date.now();
    if (recount === 'always' || (recount === 'if-stale' && now - this.symbolCount.at >= SYMBOL_COUNT_TTL_MS)) this.symbolCount = { value: readTotals(index.status().dbPath).symbols, at: now };
    return statusOf(index, this.lastProgress, { symbols: this.symbolCount.value, quarantined: this.index.quarantined() });
  }
}

function withLimit(limit: number | undefined): { limit?: number } {
  return limit === undefined ? {} : { limit };
}

function checkKinds(kinds: readonly string[] | undefined): SymbolKind[] | undefined {
  if (!kinds || kinds.length === 0) return undefined;
  const unknown = kinds.filter((k) => !SYMBOL_KINDS.includes(k as SymbolKind));
  if (unknown.length > 0) throw new RpcError(ErrorCode.InvalidInput, `Unknown symbol kind ${unknown.map((k) => `"${k}"`).join(', ')}; known kinds: ${SYMBOL_KINDS.join(', ')}`);
  return kinds as SymbolKind[];
}
