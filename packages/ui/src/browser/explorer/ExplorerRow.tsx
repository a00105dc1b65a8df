import { memo, type MouseEvent } from 'react';
import { isFolder, type TreeRow } from '../../common/index.js';

export const ROW_HEIGHT = 22;

interface Props {
  row: TreeRow;
  index: number;
  id: string | undefined;
  selected: boolean;
  onClick(index: number, e: MouseEvent): void;
  onDoubleClick(index: number): void;
  onContextMenu(index: number, e: MouseEvent): void;
}

/** One line of the explorer, absolutely placed; its accessible name is the entry's name. */
export const ExplorerRow = memo(function ExplorerRow({ row, index, id, selected, onClick, onDoubleClick, onContextMenu }: Props) {
  const top = index * ROW_HEIGHT;
  if (row.kind === 'pending') {
    return (
      <div className="tree-row tree-pending" aria-hidden="true" style={{ top, paddingLeft: indent(row.depth) }}>
        Loading…
      </div>
    );
  }
  const { node } = row;
  const folder = isFolder(node);
  return (
    <div
      id={id}
      role="treeitem"
      className="tree-row"
      aria-level={node.depth}
      aria-expanded={folder ? node.expanded : undefined}
      aria-selected={selected}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-busy={node.loading || undefined}
      data-path={node.path}
      style={{ top, paddingLeft: indent(node.depth) }}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onDoubleClick(index)}
      onContextMenu={(e) => onContextMenu(index, e)}
    >
      {/* Glyphs come from CSS so a row's text is exactly the entry's name. */}
      <span className="tree-twistie" data-state={folder ? (node.expanded ? 'open' : 'closed') : undefined} aria-hidden="true" />
      <span className={folder ? 'tree-icon tree-icon-folder' : 'tree-icon tree-icon-file'} aria-hidden="true" />
      <span className="tree-name">{node.name}</span>
    </div>
  );
});

function indent(depth: number): number {
  return 4 + (depth - 1) * 12;
}
