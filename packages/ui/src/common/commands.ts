import { commands, type CommandId } from '@marie/protocol';
import type { Workbench } from './workbench.js';

/** What each shared command does in the workbench. Keyboard, menus and the desktop bridge all land here. */
export function runCommand(wb: Workbench, id: CommandId): void {
  // A modal dialog owns the keyboard until it is answered.
  if (wb.dialogs.isOpen) return;
  const active = wb.editors.store.getState().tabs.active;
  switch (id) {
    case 'save':
      void wb.editors.save();
      return;
    case 'saveAll':
      void wb.editors.saveAll();
      return;
    case 'closeEditor':
      void wb.editors.closeActive();
      return;
    case 'closeOtherEditors':
      if (active) void wb.editors.closeOthers(active);
      return;
    case 'nextEditor':
      wb.editors.next();
      return;
    case 'previousEditor':
      wb.editors.previous();
      return;
    case 'focusExplorer':
      wb.layout.focusExplorer();
      return;
    case 'toggleSidebar':
      wb.layout.toggleSidebar();
      return;
    case 'newFile':
      void wb.explorer.createEntry('file');
      return;
    case 'openFolder':
      void promptOpenFolder(wb);
      return;
    case 'quickOpen':
    case 'goToSymbol':
    case 'goToDefinition':
    case 'findReferences':
    case 'findInFiles':
    case 'showOutline':
      runIndexCommand(wb, id);
      return;
    case 'openSettings':
      if (!wb.preferences.open('settings')) wb.notifications.setStatus('Settings are not available here.');
      return;
    case 'showPolicies':
      if (!wb.preferences.open('policies')) wb.notifications.setStatus('Policies are not available here.');
      return;
  }
}

/** Commands answered by the host's code index. */
function runIndexCommand(wb: Workbench, id: 'quickOpen' | 'goToSymbol' | 'goToDefinition' | 'findReferences' | 'findInFiles' | 'showOutline'): void {
  const index = wb.index;
  if (!index) return wb.notifications.setStatus(`${commands[id].title} needs the code index, which is not available.`);
  if (id === 'quickOpen') index.quickOpen();
  else if (id === 'goToSymbol') index.goToSymbol();
  else if (id === 'goToDefinition') void index.goToDefinition();
  else if (id === 'findReferences') index.findReferences();
  else wb.layout.showView(id === 'findInFiles' ? 'search' : 'outline');
}

async function promptOpenFolder(wb: Workbench): Promise<void> {
  const path = await wb.dialogs.prompt({ title: 'Open Folder', label: 'Folder path', initial: '', confirmLabel: 'Open' });
  if (path === undefined) return;
  if (!(await wb.roots.openFolder(path))) wb.notifications.error(wb.roots.store.getState().openError ?? 'Could not open the folder.');
}
