/**
 * What a parse worker extracts from one file. Workers produce these and never write to
 * the database; the single writer stores them.
 */
export type SymbolKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'module'
  | 'type'
  | 'enum'
  | 'constant'
  | 'variable'
  | 'field'
  | 'property'
  | 'macro'
  | 'namespace';

export type ReferenceKind = 'call' | 'class' | 'type' | 'implementation' | 'import' | 'other';

/** Zero-based line and column (UTF-16 code units, as editors count). */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Definition {
  name: string;
  kind: SymbolKind;
  /** The name's own range (what "go to definition" selects). */
  range: Range;
  /** The whole definition's range (what the outline spans). */
  fullRange: Range;
  /** Name of the enclosing definition, e.g. the class of a method. */
  container?: string;
}

export interface Reference {
  name: string;
  kind: ReferenceKind;
  range: Range;
}

export interface FileTags {
  /** Language id: the name of the folder under languages/. */
  language: string;
  definitions: Definition[];
  references: Reference[];
  /** The tree has syntax errors; tags are tree-sitter's best effort around them. */
  syntaxErrors?: boolean;
  /** The query hit its in-progress match limit, so some tags may be missing. */
  incomplete?: boolean;
}

/** The outcome for one file: tags, or why there are none. */
export type ParseFailure = 'unsupported' | 'too-large' | 'binary' | 'timeout' | 'crashed' | 'unreadable';

export type ParseOutcome =
  | { ok: true; tags: FileTags }
  | { ok: false; reason: ParseFailure; message: string };
