import { EditorArea } from '../editor/EditorArea.js';
import { QuickPickHost } from '../quickPick/QuickPickHost.js';
import { ReferencesHost } from '../references/ReferencesHost.js';
import { StatusBar } from '../status/StatusBar.js';
import { TabBar } from '../tabs/TabBar.js';
import { ActivityBar } from './ActivityBar.js';
import { useSlice, useWorkbench } from './context.js';
import { SidebarContent } from './SidebarContent.js';

/** Activity bar | side bar (explorer, search, outline) | tabs over the editor, panel below; status bar along the bottom. */
export function WorkbenchShell() {
  const wb = useWorkbench();
  const sidebarVisible = useSlice(wb.layout.store, (s) => s.sidebarVisible);
  return (
    <div className="workbench" data-sidebar={sidebarVisible} data-activitybar={wb.index !== undefined}>
      {wb.index ? <ActivityBar /> : null}
      {sidebarVisible ? (
        <aside className="sidebar" id="sidebar" aria-label="Side bar">
          <SidebarContent />
        </aside>
      ) : null}
      <main className="editor-group" aria-label="Editor">
        <TabBar />
        <EditorArea />
        <ReferencesHost />
      </main>
      <StatusBar />
      {wb.index ? <QuickPickHost index={wb.index} /> : null}
    </div>
  );
}
