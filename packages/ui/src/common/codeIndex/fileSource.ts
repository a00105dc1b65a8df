import { basename } from '@marie/editor-core';
import type { FileMatch, IIndexService, WorkspaceRoot } from '@marie/protocol';
import { indexSource } from './indexSource.js';
import type { PickItem, PickSource } from './quickPick.js';
import { relativePath } from './relativePath.js';

export interface FileSourceDeps {
  index: Pick<IIndexService, 'findFiles'>;
  roots(): readonly WorkspaceRoot[];
  open(path: string): void;
}

/** Quick open (Ctrl+P): fuzzy over paths, the file name as the label and its folder beside it. */
export function fileSource(deps: FileSourceDeps): PickSource {
  return indexSource({
    title: 'Go to File',
    placeholder: 'Search files by name',
    roots: deps.roots,
    ask: (text, signal) => deps.index.findFiles({ query: text, limit: 100 }, signal),
    row: (match, _text, roots) => fileItem(match, roots, deps.open),
  });
}

/** The matched positions index into the whole path: split them between the name and its folder. */
export function fileItem(match: FileMatch, roots: readonly WorkspaceRoot[], open: (path: string) => void): PickItem {
  const { path, positions } = match;
  const label = basename(path);
  const labelStart = path.length - label.length;
  const relative = relativePath(path, roots);
  const folder = relative.slice(0, Math.max(0, relative.length - label.length - 1));
  // The folder as shown ends right before the name's separator; map path offsets onto it.
  const folderStart = labelStart - 1 - folder.length;
  return {
    id: path,
    label,
    labelHighlights: positions.filter((p) => p >= labelStart).map((p) => p - labelStart),
    description: folder,
    descriptionHighlights: positions.filter((p) => p >= folderStart && p < labelStart - 1).map((p) => p - folderStart),
    run: () => open(path),
  };
}
