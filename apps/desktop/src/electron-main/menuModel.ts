import { commands, toElectronAccelerator, type CommandId } from '@marie/protocol';
import type { MenuItemConstructorOptions } from 'electron';

export type MenuRole = NonNullable<MenuItemConstructorOptions['role']>;

/** The application menu as data: what it contains is decided (and tested) here, not in main. */
export type MenuEntry =
  | { kind: 'command'; command: CommandId; label: string; accelerator: string | undefined }
  | { kind: 'role'; role: MenuRole }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; role?: MenuRole; entries: MenuEntry[] };

export interface MenuContext {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  appName: string;
}

/**
 * Commands main performs itself because they need a native dialog; every other command
 * goes to the focused window's renderer.
 */
export function isHandledInMain(id: CommandId): boolean {
  return id === 'openFolder';
}

// Label and accelerator come from the shared table, so menu and workbench never disagree.
const command = (id: CommandId): MenuEntry => ({ kind: 'command', command: id, label: commands[id].title, accelerator: toElectronAccelerator(commands[id].key) });
const role = (r: MenuRole): MenuEntry => ({ kind: 'role', role: r });
const separator: MenuEntry = { kind: 'separator' };

export function buildMenuModel(context: MenuContext): MenuEntry[] {
  const mac = context.platform === 'darwin';
  const menus: MenuEntry[] = [];
  if (mac) {
    menus.push({
      kind: 'submenu',
      label: context.appName,
      role: 'appMenu',
      entries: [role('about'), separator, role('services'), separator, role('hide'), role('hideOthers'), role('unhide'), separator, role('quit')],
    });
  }
  menus.push({
    kind: 'submenu',
    label: 'File',
    entries: [
      command('newFile'),
      command('openFolder'),
      separator,
      command('save'),
      command('saveAll'),
      separator,
      command('closeEditor'),
      // macOS quits from the app menu.
      ...(mac ? [] : [separator, role('quit')]),
    ],
  });
  menus.push({
    kind: 'submenu',
    label: 'Edit',
    entries: [role('undo'), role('redo'), separator, role('cut'), role('copy'), role('paste'), separator, role('selectAll')],
  });
  menus.push({
    kind: 'submenu',
    label: 'View',
    entries: [
      command('toggleSidebar'),
      command('focusExplorer'),
      separator,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen'),
      // Developer tools exist only in unpackaged builds (see windowOptions' devTools).
      ...(context.isPackaged ? [] : [separator, role('reload'), role('toggleDevTools')]),
    ],
  });
  // No "close" role on Windows/Linux: its Ctrl+W would close the window instead of the editor.
  menus.push(mac ? { kind: 'submenu', label: 'Window', role: 'windowMenu', entries: [] } : { kind: 'submenu', label: 'Window', entries: [role('minimize')] });
  menus.push({ kind: 'submenu', label: 'Help', role: 'help', entries: mac ? [] : [role('about')] });
  return menus;
}

/** Every command entry, depth first; used by tests and by nothing at runtime. */
export function commandEntries(entries: readonly MenuEntry[]): Extract<MenuEntry, { kind: 'command' }>[] {
  return entries.flatMap((e) => (e.kind === 'command' ? [e] : e.kind === 'submenu' ? commandEntries(e.entries) : []));
}
