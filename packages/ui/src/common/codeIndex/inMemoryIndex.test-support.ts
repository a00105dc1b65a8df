import {
  createMemoryTransportPair,
  Emitter,
  indexContract,
  RpcClient,
  RpcServer,
  type FileMatch,
  type IIndexService,
  type IndexStatus,
  type OutlineNode,
  type ReferenceInfo,
  type Results,
  type SymbolInfo,
  type TextMatch,
  type TextSearchSummary,
} from '@marie/protocol';

type Input<M extends keyof IIndexService> = IIndexService[M] extends (input: infer I, signal?: AbortSignal) => unknown ? I : never;

export const readyStatus: IndexStatus = { phase: 'ready', filesDone: 0, filesTotal: 0, bytesDone: 0, rate: 0, etaMs: null, files: 0, symbols: 0, quarantined: 0 };

/** Subsequence match, case-insensitive: the positions in `text`, or undefined. */
function subsequence(query: string, text: string): number[] | undefined {
  const t = text.toLowerCase();
  const out: number[] = [];
  let from = 0;
  for (const ch of query.toLowerCase()) {
    const at = t.indexOf(ch, from);
    if (at < 0) return undefined;
    out.push(at);
    from = at + 1;
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A test double of the host's index for component tests: scripted files, symbols,
 * references and outlines, a line-by-line text search that streams per file, and a hook to
 * delay answers (to make them arrive out of order). Not the real index: no ranking.
 */
export class InMemoryIndexForTests implements IIndexService {
  files: string[] = [];
  symbols: SymbolInfo[] = [];
  refs: ReferenceInfo[] = [];
  outlines = new Map<string, OutlineNode[]>();
  /** Contents for find in files, by absolute path. */
  texts = new Map<string, string>();
  partial = false;
  /** A lower cap than the client asks for, to hit the limit with small fixtures. */
  maxResults: number | undefined;
  currentStatus: IndexStatus = readyStatus;
  /** Milliseconds to wait before answering a query (by method and query text). */
  delay: (method: string, query: string) => number = () => 0;
  readonly calls: { method: string; input: unknown }[] = [];
  readonly opened: string[] = [];
  private readonly statusChanges = new Emitter<IndexStatus>();
  private readonly textFound = new Emitter<{ searchId: string; matches: TextMatch[] }>();
  readonly onDidChangeStatus = this.statusChanges.event;
  readonly onDidFindText = this.textFound.event;

  fireStatus(status: IndexStatus): void {
    this.currentStatus = status;
    this.statusChanges.fire(status);
  }

  private async answer<T>(method: string, input: unknown, query: string, make: () => T): Promise<T> {
    this.calls.push({ method, input });
    const ms = this.delay(method, query);
    if (ms) await sleep(ms);
    return make();
  }

  status(): Promise<IndexStatus> {
    return Promise.resolve(this.currentStatus);
  }

  findFiles(input: Input<'findFiles'>): Promise<Results<FileMatch>> {
    return this.answer('findFiles', input, input.query, () => ({
      results: this.files.flatMap((path) => {
        const positions = subsequence(input.query, path);
        return positions ? [{ path, score: 1, positions }] : [];
      }),
      partial: this.partial,
    }));
  }

  findSymbols(input: Input<'findSymbols'>): Promise<Results<SymbolInfo>> {
    return this.answer('findSymbols', input, input.query, () => ({ results: this.symbols.filter((s) => subsequence(input.query, s.name)), partial: this.partial }));
  }

  definitions(input: Input<'definitions'>): Promise<Results<SymbolInfo>> {
    return this.answer('definitions', input, input.name, () => ({ results: this.symbols.filter((s) => s.name === input.name), partial: this.partial }));
  }

  references(input: Input<'references'>): Promise<Results<ReferenceInfo>> {
    return this.answer('references', input, input.name, () => ({ results: this.refs.filter((r) => r.name === input.name), partial: this.partial }));
  }

  outline(input: Input<'outline'>): Promise<OutlineNode[]> {
    return this.answer('outline', input, input.path, () => this.outlines.get(input.path) ?? []);
  }

  async recordOpened(input: Input<'recordOpened'>): Promise<void> {
    this.opened.push(input.path);
  }

  /** Searches file by file, one event per file with matches, yielding in between. */
  async searchText(input: Input<'searchText'>, signal?: AbortSignal): Promise<TextSearchSummary> {
    this.calls.push({ method: 'searchText', input });
    const source = input.regex ? input.pattern : input.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(input.wholeWord ? `\\b(?:${source})\\b` : source, input.caseSensitive ? 'g' : 'gi');
    const max = Math.min(input.maxResults ?? 20_000, this.maxResults ?? Infinity);
    let total = 0;
    let files = 0;
    let limitHit = false;
    const started = Date.now();
    for (const [path, text] of this.texts) {
      await sleep(this.delay('searchText', input.pattern));
      if (signal?.aborted) break;
      const matches: TextMatch[] = [];
      const lines = text.split('\n');
      for (let line = 0; line < lines.length && !limitHit; line++) {
        for (const m of lines[line]!.matchAll(re)) {
          if (total + matches.length >= max) {
            limitHit = true;
            break;
          }
          matches.push({ path, line, column: m.index, length: m[0].length, preview: lines[line]!, previewColumn: m.index });
        }
      }
      if (!matches.length) continue;
      total += matches.length;
      files++;
      this.textFound.fire({ searchId: input.searchId, matches });
      if (limitHit) break;
    }
    return { searchId: input.searchId, total, files, limitHit, partial: this.partial, durationMs: Date.now() - started };
  }

  /** This service behind a real RpcServer/RpcClient pair on an in-memory transport. */
  connected(): IIndexService {
    const [serverEnd, clientEnd] = createMemoryTransportPair();
    new RpcServer(serverEnd).register(indexContract, this);
    return new RpcClient(clientEnd).getProxy(indexContract);
  }
}
