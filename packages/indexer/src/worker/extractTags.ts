/**
 * Turns a tags query's matches over one tree into definitions and references. When
 * several patterns capture the same name, the earliest pattern in tags.scm wins (as in
 * tree-sitter's tags), and a name that is defined is not also reported as a reference.
 */
import type Parser from 'tree-sitter';
import type { Definition, Reference, ReferenceKind, SymbolKind } from '../common/tags.js';
import type { CaptureRole } from './captureRoles.js';
import { assignContainers, type Nested } from './containers.js';
import { endOf, startOf, type Point } from './nodePositions.js';

interface Candidate {
  pattern: number;
  role: 'definition' | 'reference' | 'scope';
  kind: SymbolKind | ReferenceKind | undefined;
  name: Parser.SyntaxNode;
  nameStart: Point;
  tag: Parser.SyntaxNode;
  container: Parser.SyntaxNode | undefined;
}

export interface Extracted {
  definitions: Definition[];
  references: Reference[];
  /** Tags were dropped because the file had more than maxTags of them. */
  capped: boolean;
}

export function extractTags(
  matches: Parser.QueryMatch[],
  roles: ReadonlyMap<string, CaptureRole>,
  containerKinds: ReadonlySet<SymbolKind>,
  source: string,
  maxTags: number,
): Extracted {
  const defs = new Map<number, Candidate>();
  const refs = new Map<number, Candidate>();
  const scopes = new Map<number, Candidate>();
  for (const match of matches) {
    const candidate = candidateOf(match, roles);
    if (!candidate) continue;
    const table = candidate.role === 'definition' ? defs : candidate.role === 'reference' ? refs : scopes;
    const seen = table.get(candidate.nameStart.index);
    if (!seen || candidate.pattern < seen.pattern) table.set(candidate.nameStart.index, candidate);
  }

  const capped = defs.size + refs.size > maxTags;
  const nested: Nested[] = [];
  for (const c of defs.values()) {
    if (nested.length >= maxTags) break;
    const def = toDefinition(c, source);
    const explicit = c.container ? textOf(c.container, source) : undefined;
    if (def) nested.push({ def, name: def.name, range: def.fullRange, canContain: containerKinds.has(def.kind), explicit });
  }
  for (const c of scopes.values()) {
    const name = textOf(c.name, source);
    if (name) nested.push({ def: undefined, name, range: rangeOf(c.tag, source), canContain: true, explicit: undefined });
  }
  assignContainers(nested);

  const references: Reference[] = [];
  for (const c of refs.values()) {
    if (references.length + defs.size >= maxTags) break;
    if (defs.has(c.nameStart.index)) continue;
    const end = endOf(c.name, c.nameStart, source);
    const name = source.slice(c.nameStart.index, end.index);
    if (name) references.push({ name, kind: c.kind as ReferenceKind, range: toRange(c.nameStart, end) });
  }
  const definitions = nested.flatMap((n) => (n.def ? [n.def] : []));
  return { definitions, references, capped };
}

function candidateOf(match: Parser.QueryMatch, roles: ReadonlyMap<string, CaptureRole>): Candidate | undefined {
  let name: Parser.SyntaxNode | undefined;
  let tag: Parser.SyntaxNode | undefined;
  let container: Parser.SyntaxNode | undefined;
  let role: Candidate['role'] | undefined;
  let kind: Candidate['kind'];
  for (const capture of match.captures) {
    const r = roles.get(capture.name);
    if (!r) continue;
    switch (r.role) {
      case 'name':
        name ??= capture.node;
        break;
      case 'container':
        container ??= capture.node;
        break;
      case 'scope':
        role = 'scope';
        tag = capture.node;
        break;
      case 'definition':
      case 'reference':
        role = r.role;
        kind = r.kind;
        tag = capture.node;
        break;
      case 'ignore':
        break;
    }
  }
  if (!name || !tag || !role) return undefined;
  return { pattern: match.pattern, role, kind, name, nameStart: startOf(name), tag, container };
}

function toDefinition(c: Candidate, source: string): Definition | undefined {
  const end = endOf(c.name, c.nameStart, source);
  const name = source.slice(c.nameStart.index, end.index);
  if (!name) return undefined; // a MISSING node from error recovery
  return { name, kind: c.kind as SymbolKind, range: toRange(c.nameStart, end), fullRange: rangeOf(c.tag, source) };
}

function textOf(node: Parser.SyntaxNode, source: string): string {
  const start = startOf(node);
  return source.slice(start.index, endOf(node, start, source).index);
}

function rangeOf(node: Parser.SyntaxNode, source: string): Definition['range'] {
  const start = startOf(node);
  return toRange(start, endOf(node, start, source));
}

function toRange(start: Point, end: Point): Definition['range'] {
  return { startLine: start.row, startColumn: start.column, endLine: end.row, endColumn: end.column };
}
