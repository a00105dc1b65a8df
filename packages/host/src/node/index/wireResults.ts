import type { FileHit, OutlineNode as IndexOutlineNode, ReferenceHit, SymbolHit, TextMatch as IndexTextMatch } from '@marie/indexer';
import type { FileMatch, OutlineNode, ReferenceInfo, SymbolInfo, TextMatch } from '@marie/protocol';

/**
 * The indexer's answers in the contract's shapes. Both count lines and columns from zero
 * in UTF-16 units, so ranges pass through; paths are already absolute under the roots.
 */

export function toFileMatch(hit: FileHit): FileMatch {
  // The indexer highlights within the relative path; the wire carries the absolute one.
  const shift = hit.path.length - hit.relativePath.length;
  return { path: hit.path, score: hit.score, positions: hit.positions.map((p) => p + shift) };
}

export function toSymbolInfo(hit: Pick<SymbolHit, 'name' | 'kind' | 'path' | 'range' | 'container'>): SymbolInfo {
  return { name: hit.name, kind: hit.kind, path: hit.path, range: hit.range, ...(hit.container === undefined ? {} : { container: hit.container }) };
}

export function toReferenceInfo(hit: ReferenceHit): ReferenceInfo {
  return { name: hit.name, kind: hit.kind, path: hit.path, range: hit.range };
}

export function toOutlineNode(node: IndexOutlineNode, path: string): OutlineNode {
  return {
    name: node.name,
    kind: node.kind,
    path,
    range: node.range,
    fullRange: node.fullRange,
    ...(node.container === undefined ? {} : { container: node.container }),
    children: node.children.map((c) => toOutlineNode(c, path)),
  };
}

export function toTextMatch(path: string, m: IndexTextMatch): TextMatch {
  return { path, line: m.line, column: m.column, length: m.length, preview: m.preview, previewColumn: m.previewColumn };
}
