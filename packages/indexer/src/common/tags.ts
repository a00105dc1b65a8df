/**
 * What a parse worker extracts from one file. Workers produce these and never write to
 * the database; the single writer stores them.
 */
/** Kinds by number: a packed tag (packedTags.ts) and the index store a kind's position here. */
export const SYMBOL_KINDS = ['function', 'method', 'class', 'interface', 'module', 'type', 'enum', 'constant', 'variable', 'field', 'property', 'macro', 'namespace'] as const;
export const REFERENCE_KINDS = ['call', 'class', 'type', 'implementation', 'import', 'other'] as const;

export type SymbolKind = (typeof SYMBOL_KINDS)[number];
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

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

/**
 * A file's tags as they travel from a parse worker to the writer: packed (see
 * packedTags.ts, which builds and reads them), so a structured clone copies two values, not
 * an object per tag and per range.
 */
export interface FileTags {
  /** Language id: the name of the folder under languages/. */
  language: string;
  /** Every name the tags use, each once, joined by NUL (source text holds none: isBinaryContent). */
  names: string;
  definitionCount: number;
  referenceCount: number;
  /** DEFINITION_FIELDS numbers per definition, then REFERENCE_FIELDS per reference. */
  table: Int32Array;
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
