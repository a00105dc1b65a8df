import { EditorArea } from '../editor/EditorArea.js';
import { ExplorerView } from '../explorer/ExplorerView.js';
import { StatusBar } from '../status/StatusBar.js';
import { TabBar } from '../tabs/TabBar.js';
import { useSlice, useWorkbench } from './context.js';

/** Side bar (explorer) | tabs over the editor; status bar along the bottom. */
export function WorkbenchShell() {
  const wb = useWorkbench();
  const sidebarVisible = useSlice(wb.layout.store, (s) => s.sidebarVisible);
  return (
    <div className="workbench" data-sidebar={sidebarVisible}>
      {sidebarVisible ? (
        <aside className="sidebar" aria-label="Side bar">
          <ExplorerView />
        </aside>
      ) : null}
      <main className="editor-group" aria-label="Editor">
        <TabBar />
        <EditorArea />
      </main>
      <StatusBar />
    </div>
  );
}
