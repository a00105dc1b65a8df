import type { Statement } from 'better-sqlite3';
import type { ReferenceHit } from '../../common/searchTypes.js';
import { compileTextQuery } from '../../common/textQuery.js';
import { VarintReader } from '../../common/varint.js';
import type { IndexReader } from '../store/indexReader.js';
import type { SqliteDb } from '../store/openDatabase.js';
import { ContentFlag, REFERENCE_KINDS } from '../store/schema.js';
import { textIndexReaderFor } from '../store/textIndexReader.js';
import type { FileRefs } from './fileRefs.js';

const BATCH = 256;
const statements = new WeakMap<SqliteDb, Statement>();

/**
 * References by name. A reference to X sits in a file whose text contains X, so the
 * trigram index names the candidate contents; only their reference rows are decoded.
 * Contents the text index does not vouch for yet (a build in progress) are decoded too.
 */
export function findReferences(reader: IndexReader, refs: FileRefs, name: string, limit: number): ReferenceHit[] {
  const db = reader.connection;
  const nameId = reader.nameId(name);
  if (!db || nameId === undefined) return [];
  let stmt = statements.get(db);
  if (!stmt) statements.set(db, (stmt = db.prepare(`SELECT content_id, data FROM refs WHERE content_id IN (${Array(BATCH).fill('?').join(',')})`).raw()));
  const ids = textIndexReaderFor(db).candidates(compileTextQuery({ pattern: name, caseSensitive: true }).plan);
  const vouched = new Set(ids ?? []);
  const files = reader.files;
  // Content-id order (roughly discovery order) lets the search stop at the limit without
  // sorting every candidate; the hits found are sorted by path at the end.
  const candidates: number[] = [];
  for (const contentId of files.contents()) {
    const indexed = ((reader.contentFlags.get(contentId) ?? 0) & ContentFlag.TextIndexed) !== 0;
    if (!ids || !indexed || vouched.has(contentId)) candidates.push(contentId);
  }
  candidates.sort((a, b) => a - b);
  const out: ReferenceHit[] = [];
  const params = new Array<number>(BATCH);
  for (let start = 0; start < candidates.length && out.length < limit; start += BATCH) {
    for (let i = 0; i < BATCH; i++) params[i] = candidates[start + i] ?? -1;
    for (const [contentId, data] of stmt.all(...params) as [number, Buffer][]) {
      const found = decodeGroup(data, nameId, name);
      if (found.length === 0) continue;
      for (const slot of files.slotsWithContent(contentId)) {
        const file = refs.ref(files.roots[slot]!, files.rels[slot]!);
        for (const f of found) if (out.length < limit) out.push({ ...file, ...f });
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn));
}

/** The references to `nameId` in one content's row (groups are sorted by name id). */
function decodeGroup(data: Buffer, nameId: number, name: string): Omit<ReferenceHit, 'path' | 'root' | 'relativePath'>[] {
  const r = new VarintReader(data);
  while (!r.done) {
    const id = r.next();
    const length = r.next();
    if (id < nameId) {
      r.skip(length);
      continue;
    }
    if (id > nameId) break;
    const end = r.position + length;
    const found: Omit<ReferenceHit, 'path' | 'root' | 'relativePath'>[] = [];
    while (r.position < end) {
      const kind = r.next();
      const sl = r.next();
      const sc = r.next();
      const span = r.next();
      const ec = r.next();
      found.push({ name, kind: REFERENCE_KINDS[kind] ?? 'other', range: { startLine: sl, startColumn: sc, endLine: sl + span, endColumn: ec } });
    }
    return found;
  }
  return [];
}
