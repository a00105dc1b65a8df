import type { Statement } from 'better-sqlite3';
import { prepareQuery } from '../../common/matchScore.js';
import { buildOutline, type OutlineNode } from '../../common/outline.js';
import type { SymbolHit } from '../../common/searchTypes.js';
import type { Definition, SymbolKind } from '../../common/tags.js';
import type { IndexReader } from '../store/indexReader.js';
import type { SqliteDb } from '../store/openDatabase.js';
import { SYMBOL_KINDS } from '../store/schema.js';
import type { FileRefs } from './fileRefs.js';
import { rankSymbolNames } from './rankSymbolNames.js';

interface SymbolRow {
  contentId: number;
  nameId: number;
  kind: number;
  containerId: number | null;
  sl: number;
  sc: number;
  el: number;
  ec: number;
  fsl: number;
  fsc: number;
  fel: number;
  fec: number;
}

const SYMBOL_COLUMNS = 's.content_id AS contentId, s.name_id AS nameId, s.kind, s.container_id AS containerId, s.sl, s.sc, s.el, s.ec, s.fsl, s.fsc, s.fel, s.fec';

/** Prepared per connection (a rebuilt database gets a new one). */
const statements = new WeakMap<SqliteDb, Record<'byName' | 'byContent', Statement>>();

function prepared(db: SqliteDb): Record<'byName' | 'byContent', Statement> {
  let s = statements.get(db);
  if (!s) {
    s = {
      // No join with files: the in-memory file table maps contents to files (and skips
      // contents no file has any more), which halves the work per row.
      byName: db.prepare(`SELECT ${SYMBOL_COLUMNS} FROM symbols s WHERE s.name_id = ? AND (? = 0 OR ((1 << s.kind) & ?) <> 0) LIMIT ?`),
      byContent: db.prepare(`SELECT ${SYMBOL_COLUMNS} FROM symbols s WHERE s.content_id = ?`),
    };
    statements.set(db, s);
  }
  return s;
}

export function kindMask(kinds: readonly SymbolKind[] | undefined): number {
  let mask = 0;
  for (const k of kinds ?? []) {
    const i = SYMBOL_KINDS.indexOf(k);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

function toDefinition(reader: IndexReader, r: SymbolRow): Definition {
  const container = r.containerId === null ? undefined : reader.nameOf(r.containerId);
  return {
    name: reader.nameOf(r.nameId) ?? '',
    kind: SYMBOL_KINDS[r.kind] ?? 'variable',
    range: { startLine: r.sl, startColumn: r.sc, endLine: r.el, endColumn: r.ec },
    fullRange: { startLine: r.fsl, startColumn: r.fsc, endLine: r.fel, endColumn: r.fec },
    ...(container === undefined ? {} : { container }),
  };
}

/**
 * One hit per listed file holding the row's content (identical files share rows). Built
 * field by field, not by spreading a file ref and a definition: spreads made two extra
 * objects per hit and most of a query's garbage.
 */
function pushHits(out: SymbolHit[], reader: IndexReader, refs: FileRefs, r: SymbolRow, score: number, limit: number): void {
  const files = reader.files;
  const slots = files.slotsWithContent(r.contentId);
  if (slots.length === 0) return;
  const def = toDefinition(reader, r);
  for (const slot of slots) {
    if (out.length >= limit) return;
    const { path, root, relativePath } = refs.ref(files.roots[slot]!, files.rels[slot]!);
    const hit: SymbolHit = { path, root, relativePath, name: def.name, kind: def.kind, range: def.range, fullRange: def.fullRange, score };
    if (def.container !== undefined) hit.container = def.container;
    out.push(hit);
  }
}

/**
 * Workspace symbols: fuzzy over the distinct names in memory (prefix, camelCase humps,
 * case-insensitive), best names first; then each name's definitions from the database.
 */
export function searchSymbols(reader: IndexReader, refs: FileRefs, query: string, options: { kinds?: readonly SymbolKind[]; limit?: number } = {}): SymbolHit[] {
  const db = reader.connection;
  const q = prepareQuery(query);
  if (!db || q.lower.length === 0) return [];
  const limit = options.limit ?? 100;
  const mask = kindMask(options.kinds);
  const { ids } = reader.names;
  // Names can outlive their last definition (rows are kept): rank a few extra.
  const top = rankSymbolNames(reader.names, q, mask, limit + 32);
  const out: SymbolHit[] = [];
  const byName = prepared(db).byName;
  for (const { score, item: slot } of top.sorted()) {
    if (out.length >= limit) break;
    // A few extra rows: some may belong to contents no file has any more.
    for (const r of byName.all(ids[slot], mask, mask, limit - out.length + 8) as SymbolRow[]) pushHits(out, reader, refs, r, Math.round(score), limit);
  }
  return out;
}

/**
 * Definitions with exactly this name, across files (several when ambiguous). When the
 * request comes from a file, definitions in that file come first, then its folder's.
 */
export function findDefinitions(reader: IndexReader, refs: FileRefs, name: string, options: { kinds?: readonly SymbolKind[]; limit?: number; from?: { root: number; rel: string } } = {}): SymbolHit[] {
  const db = reader.connection;
  const id = reader.names.idOf(name);
  if (!db || id === undefined) return [];
  const mask = kindMask(options.kinds);
  const limit = options.limit ?? 200;
  const hits: SymbolHit[] = [];
  for (const r of prepared(db).byName.all(id, mask, mask, limit + 8) as SymbolRow[]) pushHits(hits, reader, refs, r, 0, limit);
  const from = options.from;
  const dir = (rel: string): string => rel.slice(0, rel.lastIndexOf('/') + 1);
  const rootOf = (h: SymbolHit): number => refs.rootPaths.indexOf(h.root);
  const closeness = (h: SymbolHit): number => (!from || rootOf(h) !== from.root ? 2 : h.relativePath === from.rel ? 0 : dir(h.relativePath) === dir(from.rel) ? 1 : 2);
  return hits.sort((a, b) => closeness(a) - closeness(b) || (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : a.range.startLine - b.range.startLine));
}

/** A file's definitions nested by container, in source order. */
export function fileOutline(reader: IndexReader, contentId: number): OutlineNode[] {
  const db = reader.connection;
  if (!db) return [];
  const rows = prepared(db).byContent.all(contentId) as SymbolRow[];
  return buildOutline(rows.map((r) => toDefinition(reader, r)));
}
