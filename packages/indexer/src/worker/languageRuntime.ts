/**
 * Per worker and per language: the grammar loaded once, one Parser, and the tags query
 * compiled once (for the binding, and for the native addon when it is built), all created
 * on first use (a worker that never sees Ruby never loads it).
 */
import Parser from 'tree-sitter';
import type { LanguageConfig, LanguageRegistry } from './languageRegistry.js';
import { captureRole, type CaptureRole } from './captureRoles.js';
import { loadNativeTags, NativeQuery } from './nativeTags.js';
import type { SymbolKind } from '../common/tags.js';
import type { TagMatcher } from './protocol.js';

export interface LanguageRuntime {
  config: LanguageConfig;
  parser: Parser;
  /** The query for the binding (editor saves), compiled on first use when the addon serves bulk work. */
  readonly query: Parser.Query;
  /** The same query for the native addon; undefined when the addon is not built. */
  native: NativeQuery | undefined;
  /** Capture name → id: the addon's ids, or ids of our own when there is no addon. */
  captureIds: ReadonlyMap<string, number>;
  /** Role of each capture id. */
  roles: ReadonlyArray<CaptureRole>;
  containerKinds: ReadonlySet<SymbolKind>;
}

export class LanguageRuntimes {
  private readonly runtimes = new Map<string, Promise<LanguageRuntime>>();

  constructor(
    private readonly registry: LanguageRegistry,
    private readonly matcher: TagMatcher = defaultMatcher(),
  ) {}

  get(id: string): Promise<LanguageRuntime> {
    let runtime = this.runtimes.get(id);
    if (!runtime) {
      runtime = this.create(id);
      this.runtimes.set(id, runtime);
    }
    return runtime;
  }

  private async create(id: string): Promise<LanguageRuntime> {
    const config = this.registry.get(id);
    if (!config) throw new Error(`unknown language ${id}`);
    const language = await loadGrammar(config);
    const parser = new Parser();
    parser.setLanguage(language);
    // A grammar built for another ABI can be assigned yet parse nothing: prove it parses.
    if (!parser.parse('')?.rootNode) throw new Error(`grammar ${config.grammar.module} does not parse with this tree-sitter`);
    const source = this.registry.querySource(id);
    const addon = this.matcher === 'binding' ? undefined : loadNativeTags();
    const native = addon ? new NativeQuery(addon, language.language, source, this.matcher === 'walk') : undefined;
    const names = native ? native.captureNames : [...captureNamesIn(source)];
    const captureIds = new Map(names.map((name, id) => [name, id]));
    const roles = names.map(captureRole);
    // Compiling a query twice costs ~0.2 s per language and worker; only editor saves need this one.
    let query = native ? undefined : new Parser.Query(language, source);
    return {
      config,
      parser,
      get query() {
        return (query ??= new Parser.Query(language, source));
      },
      native,
      captureIds,
      roles,
      containerKinds: new Set(config.containerKinds),
    };
  }
}

function defaultMatcher(): TagMatcher {
  return process.env.MARIE_INDEXER_NATIVE === '0' ? 'binding' : process.env.MARIE_INDEXER_WALKER === '0' ? 'query' : 'walk';
}

/** Capture names used in a query's text (the binding does not list them). */
export function captureNamesIn(source: string): Set<string> {
  // One pass over strings, comments and captures, so "@" or ";" inside a string is no capture.
  const names = new Set<string>();
  for (const m of source.matchAll(/"(?:[^"\\]|\\.)*"|;[^\n]*|@([\w.-]+)/g)) if (m[1]) names.add(m[1]);
  return names;
}

/** A grammar's tree-sitter Language (its `language` field is what the native addon takes). */
export async function loadGrammar(config: LanguageConfig): Promise<Parser.Language> {
  const mod = (await import(config.grammar.module)) as Record<string, unknown>;
  // CommonJS grammars arrive as the default export; some also mirror their keys as named exports.
  const root = (mod.default ?? mod) as Record<string, unknown>;
  const language = config.grammar.export === undefined ? root : root[config.grammar.export];
  if (!language || typeof language !== 'object' || !('language' in language)) {
    throw new Error(`${config.grammar.module} has no tree-sitter language${config.grammar.export ? ` at export ${config.grammar.export}` : ''}`);
  }
  return language as Parser.Language;
}
