/**
 * Turns a tags query's matches over one file (a MatchTable) into definitions and
 * references. When several patterns capture the same name, the earliest pattern in
 * tags.scm wins (as in tree-sitter's tags), and a name that is defined is not also
 * reported as a reference. Positions are read from the table: no object per capture
 * until a candidate survives. Tags come out in the order of their names in the file,
 * whatever order the matches came in (the query cursor and the walk matcher differ).
 */
import type { Definition, Range, Reference, ReferenceKind, SymbolKind } from '../common/tags.js';
import type { CaptureRole } from './captureRoles.js';
import { assignContainers, type Nested } from './containers.js';
import { C, MATCHES_START, PER_CAPTURE, type MatchTable } from './matchTable.js';

/** Offsets into the table of a match's captures (-1: none). */
interface Candidate {
  pattern: number;
  role: 'definition' | 'reference' | 'scope';
  kind: SymbolKind | ReferenceKind | undefined;
  name: number;
  tag: number;
  container: number;
}

export interface Extracted {
  definitions: Definition[];
  references: Reference[];
  /** Tags were dropped because the file had more than maxTags of them. */
  capped: boolean;
}

export function extractTags(
  table: MatchTable,
  /** Role of each capture id; undefined for ids the extraction ignores. */
  roles: ReadonlyArray<CaptureRole | undefined>,
  containerKinds: ReadonlySet<SymbolKind>,
  source: string,
  maxTags: number,
): Extracted {
  const { data } = table;
  const defs = new Map<number, Candidate>();
  const refs = new Map<number, Candidate>();
  const scopes = new Map<number, Candidate>();
  let at = MATCHES_START;
  for (let m = 0; m < table.count; m++) {
    const captures = data[at + 1]!;
    const candidate = data[at]! >= 0 ? candidateOf(data, at, captures, roles) : undefined;
    at += 2 + captures * PER_CAPTURE;
    if (!candidate) continue;
    const table = candidate.role === 'definition' ? defs : candidate.role === 'reference' ? refs : scopes;
    const nameIndex = data[candidate.name + C.startIndex]!;
    const seen = table.get(nameIndex);
    if (!seen || candidate.pattern < seen.pattern) table.set(nameIndex, candidate);
  }

  const capped = defs.size + refs.size > maxTags;
  const nested: Nested[] = [];
  for (const c of inFileOrder(defs)) {
    if (nested.length >= maxTags) break;
    const name = textAt(data, c.name, source);
    if (!name) continue; // a MISSING node from error recovery
    const def: Definition = { name, kind: c.kind as SymbolKind, range: rangeAt(data, c.name), fullRange: rangeAt(data, c.tag) };
    const explicit = c.container >= 0 ? textAt(data, c.container, source) : undefined;
    nested.push({ def, name, range: def.fullRange, canContain: containerKinds.has(def.kind), explicit });
  }
  for (const c of inFileOrder(scopes)) {
    const name = textAt(data, c.name, source);
    if (name) nested.push({ def: undefined, name, range: rangeAt(data, c.tag), canContain: true, explicit: undefined });
  }
  assignContainers(nested);

  const references: Reference[] = [];
  for (const c of inFileOrder(refs)) {
    if (references.length + defs.size >= maxTags) break;
    if (defs.has(data[c.name + C.startIndex]!)) continue;
    const name = textAt(data, c.name, source);
    if (name) references.push({ name, kind: c.kind as ReferenceKind, range: rangeAt(data, c.name) });
  }
  const definitions = nested.flatMap((n) => (n.def ? [n.def] : []));
  return { definitions, references, capped };
}

/** Candidates by the position of their name (the map's key). */
function inFileOrder(byName: Map<number, Candidate>): Candidate[] {
  const keys = [...byName.keys()].sort((a, b) => a - b);
  return keys.map((k) => byName.get(k)!);
}

function candidateOf(data: Int32Array, at: number, captures: number, roles: ReadonlyArray<CaptureRole | undefined>): Candidate | undefined {
  let name = -1;
  let tag = -1;
  let container = -1;
  let role: Candidate['role'] | undefined;
  let kind: Candidate['kind'];
  for (let i = 0, p = at + 2; i < captures; i++, p += PER_CAPTURE) {
    const r = roles[data[p + C.id]!];
    if (!r) continue;
    switch (r.role) {
      case 'name':
        if (name < 0) name = p;
        break;
      case 'container':
        if (container < 0) container = p;
        break;
      case 'scope':
        role = 'scope';
        tag = p;
        break;
      case 'definition':
      case 'reference':
        role = r.role;
        kind = r.kind;
        tag = p;
        break;
      case 'ignore':
        break;
    }
  }
  if (name < 0 || tag < 0 || !role) return undefined;
  return { pattern: data[at]!, role, kind, name, tag, container };
}

function textAt(data: Int32Array, p: number, source: string): string {
  return source.slice(data[p + C.startIndex], data[p + C.endIndex]);
}

function rangeAt(data: Int32Array, p: number): Range {
  return { startLine: data[p + C.startRow]!, startColumn: data[p + C.startColumn]!, endLine: data[p + C.endRow]!, endColumn: data[p + C.endColumn]! };
}
