/**
 * The languages the indexer knows, read from data: every folder under languages/ with a
 * language.json is one language, so adding a language adds a folder. Used by the workers
 * (grammar, query) and by the pool (which files are supported) alike.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SymbolKind } from '../common/tags.js';

export interface LanguageConfig {
  /** The folder name. */
  id: string;
  name: string;
  /** Lower-case, with the dot: ".ts". */
  extensions: string[];
  /** Exact base names, e.g. ".bashrc". */
  fileNames: string[];
  /** The npm module to import and the export holding the tree-sitter Language (default export when absent). */
  grammar: { module: string; export?: string };
  /** Line comment token, used by the annotated fixtures. */
  lineComment: string;
  /** Languages whose tags.scm follow this language's own in its query. */
  inherits: string[];
  /** Definition kinds that can contain other definitions (the container of a method is its class). */
  containerKinds: SymbolKind[];
  dir: string;
}

const DEFAULT_CONTAINER_KINDS: SymbolKind[] = ['class', 'interface', 'module', 'namespace', 'enum', 'type', 'function', 'method'];

/** languages/ of this package: two levels up from both src/worker and dist/worker. */
export function defaultLanguagesDir(): string {
  return fileURLToPath(new URL('../../languages/', import.meta.url));
}

export class LanguageRegistry {
  private readonly byId = new Map<string, LanguageConfig>();
  private readonly byExtension = new Map<string, LanguageConfig>();
  private readonly byFileName = new Map<string, LanguageConfig>();

  private constructor(languages: LanguageConfig[]) {
    for (const lang of languages) {
      this.byId.set(lang.id, lang);
      for (const ext of lang.extensions) claim(this.byExtension, ext, lang);
      for (const name of lang.fileNames) claim(this.byFileName, name, lang);
    }
    for (const lang of languages) {
      for (const parent of lang.inherits) {
        if (!this.byId.has(parent)) throw new Error(`language ${lang.id} inherits unknown language ${parent}`);
      }
    }
  }

  static load(dir: string = defaultLanguagesDir()): LanguageRegistry {
    const languages: LanguageConfig[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name, 'language.json');
      if (entry.isDirectory() && existsSync(file)) languages.push(parseConfig(entry.name, join(dir, entry.name), readFileSync(file, 'utf8')));
    }
    return new LanguageRegistry(languages.sort((a, b) => a.id.localeCompare(b.id)));
  }

  all(): LanguageConfig[] {
    return [...this.byId.values()];
  }

  get(id: string): LanguageConfig | undefined {
    return this.byId.get(id);
  }

  forPath(path: string): LanguageConfig | undefined {
    return this.byFileName.get(basename(path)) ?? this.byExtension.get(extname(path).toLowerCase());
  }

  /**
   * The full query text: the language's own tags.scm, then the inherited ones. Own
   * patterns come first because the earliest pattern wins a name, so a language can
   * refine what it inherits (C++'s class references over C's catch-all type reference).
   */
  querySource(id: string, seen: Set<string> = new Set()): string {
    const lang = this.byId.get(id);
    if (!lang) throw new Error(`unknown language ${id}`);
    if (seen.has(id)) throw new Error(`language ${id} inherits itself`);
    seen.add(id);
    const inherited = lang.inherits.map((parent) => this.querySource(parent, seen));
    return [readFileSync(join(lang.dir, 'tags.scm'), 'utf8'), ...inherited].join('\n');
  }
}

function claim(map: Map<string, LanguageConfig>, key: string, lang: LanguageConfig): void {
  const owner = map.get(key);
  if (owner) throw new Error(`${key} is claimed by both ${owner.id} and ${lang.id}`);
  map.set(key, lang);
}

function parseConfig(id: string, dir: string, text: string): LanguageConfig {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(`languages/${id}/language.json: ${what}`);
  };
  const strings = (key: string, optional = true): string[] => {
    const value = raw[key];
    if (value === undefined && optional) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return fail(`${key} must be a list of strings`);
    return value as string[];
  };
  const grammar = raw.grammar as { module?: unknown; export?: unknown } | undefined;
  if (typeof grammar?.module !== 'string') fail('grammar.module must name the npm module');
  if (grammar?.export !== undefined && typeof grammar.export !== 'string') fail('grammar.export must be a string');
  if (typeof raw.name !== 'string') fail('name must be a string');
  if (typeof raw.lineComment !== 'string') fail('lineComment must be a string');
  const extensions = strings('extensions');
  if (extensions.some((e) => !e.startsWith('.') || e !== e.toLowerCase())) fail('extensions must be lower-case and start with a dot');
  return {
    id,
    name: raw.name as string,
    extensions,
    fileNames: strings('fileNames'),
    grammar: { module: grammar!.module as string, ...(grammar!.export !== undefined ? { export: grammar!.export as string } : {}) },
    lineComment: raw.lineComment as string,
    inherits: strings('inherits'),
    containerKinds: raw.containerKinds === undefined ? DEFAULT_CONTAINER_KINDS : (strings('containerKinds', false) as SymbolKind[]),
    dir,
  };
}
