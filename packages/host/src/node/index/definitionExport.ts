import type { OutlineNode } from '@marie/indexer';
import type { WorkspaceIndex } from '@marie/indexer/node';
import type { SymbolInfo } from '@marie/protocol';
import { join } from 'node:path';
import { listParsedFiles } from './indexCatalog.js';
import { toSymbolInfo } from './wireResults.js';

/**
 * Every definition in the index, file by file in path order and in source order within
 * a file (the export behind `marie symbols --all`). The contract has no streaming export,
 * so this runs in-process; it is a generator so a large workspace is never held at once.
 */
export function* allDefinitions(index: WorkspaceIndex): Generator<SymbolInfo> {
  for (const { root, rel } of listParsedFiles(index.status().dbPath)) {
    const rootPath = index.roots[root];
    if (rootPath === undefined) continue;
    const path = join(rootPath, ...rel.split('/'));
    yield* flatten(index.outline(path), path);
  }
}

function* flatten(nodes: readonly OutlineNode[], path: string): Generator<SymbolInfo> {
  for (const node of nodes) {
    yield toSymbolInfo({ ...node, path });
    yield* flatten(node.children, path);
  }
}
