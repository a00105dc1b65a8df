import type { MenuItemConstructorOptions } from 'electron';
import type { CommandId } from '@marie/protocol';
import type { MenuEntry } from './menuModel.js';

export interface TemplateOptions {
  platform: NodeJS.Platform;
  runCommand(id: CommandId): void;
}

/**
 * Turns the menu model into Electron's template (plain objects; Menu.buildFromTemplate
 * is main's job). On Windows and Linux the accelerators are shown but not registered:
 * the workbench's own keybindings handle the keys, and a registered accelerator would
 * fire the same command a second time. macOS offers the key to the page first, so there the
 * accelerator only fires when the page left the key unhandled.
 */
export function toMenuTemplate(entries: readonly MenuEntry[], options: TemplateOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  return entries.map((entry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'role':
        return { role: entry.role };
      case 'submenu': {
        const item: MenuItemConstructorOptions = { label: entry.label, submenu: toMenuTemplate(entry.entries, options) };
        if (entry.role) item.role = entry.role;
        return item;
      }
      case 'command': {
        const item: MenuItemConstructorOptions = { id: entry.command, label: entry.label, click: () => options.runCommand(entry.command) };
        if (entry.accelerator) {
          item.accelerator = entry.accelerator;
          if (!mac) item.registerAccelerator = false;
        }
        return item;
      }
    }
  });
}
