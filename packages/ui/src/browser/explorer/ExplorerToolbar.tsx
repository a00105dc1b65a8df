import { useWorkbench } from '../workbench/context.js';
import { DeleteIcon, NewFileIcon, NewFolderIcon, RefreshIcon, RenameIcon } from './ToolbarIcons.js';

interface Props {
  /** The entry Rename/Delete act on. */
  selected: string | undefined;
  /** Roots can be neither renamed nor deleted. */
  selectedIsRoot: boolean;
}

/** Explorer actions as named icon buttons. */
export function ExplorerToolbar({ selected, selectedIsRoot }: Props) {
  const wb = useWorkbench();
  const canEdit = selected !== undefined && !selectedIsRoot;
  return (
    <div className="explorer-toolbar">
      <button type="button" aria-label="New File" title="New File" onClick={() => void wb.explorer.createEntry('file')}>
        <NewFileIcon />
      </button>
      <button type="button" aria-label="New Folder" title="New Folder" onClick={() => void wb.explorer.createEntry('directory')}>
        <NewFolderIcon />
      </button>
      <button type="button" aria-label="Rename" title="Rename (F2)" disabled={!canEdit} onClick={() => selected && void wb.explorer.rename(selected)}>
        <RenameIcon />
      </button>
      <button type="button" aria-label="Delete" title="Delete" disabled={!canEdit} onClick={() => selected && void wb.explorer.delete(selected)}>
        <DeleteIcon />
      </button>
      <button type="button" aria-label="Refresh" title="Refresh" onClick={() => void wb.explorer.refresh()}>
        <RefreshIcon />
      </button>
    </div>
  );
}
