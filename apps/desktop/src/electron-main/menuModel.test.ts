import { commands, toElectronAccelerator } from '@marie/protocol';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuModel, commandEntries, isHandledInMain, type MenuContext, type MenuEntry } from './menuModel.js';
import { toMenuTemplate } from './menuTemplate.js';

const linux: MenuContext = { platform: 'linux', isPackaged: true, appName: 'MarieIDE' };
const mac: MenuContext = { ...linux, platform: 'darwin' };
const labels = (entries: MenuEntry[]) => entries.map((e) => (e.kind === 'submenu' ? e.label : e.kind));
const roles = (entries: MenuEntry[]): string[] => entries.flatMap((e) => (e.kind === 'role' ? [e.role] : e.kind === 'submenu' ? roles(e.entries) : []));

describe('menu model', () => {
  it('has the menus in order, with the app menu first on macOS only', () => {
    expect(labels(buildMenuModel(linux))).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(labels(buildMenuModel(mac))).toEqual(['MarieIDE', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(buildMenuModel(mac)[0]).toMatchObject({ role: 'appMenu' });
  });

  it('uses the keybinding table for every command accelerator', () => {
    for (const context of [linux, mac]) {
      const entries = commandEntries(buildMenuModel(context));
      expect(entries.map((e) => e.command)).toEqual(['newFile', 'openFolder', 'save', 'saveAll', 'closeEditor', 'toggleSidebar', 'focusExplorer']);
      for (const entry of entries) {
        expect(entry.accelerator, entry.command).toBe(toElectronAccelerator(commands[entry.command].key));
        expect(entry.label).toBe(commands[entry.command].title);
      }
    }
    const byId = Object.fromEntries(commandEntries(buildMenuModel(linux)).map((e) => [e.command, e.accelerator]));
    expect(byId).toMatchObject({ save: 'CmdOrCtrl+S', saveAll: 'CmdOrCtrl+Alt+S', closeEditor: 'CmdOrCtrl+W', toggleSidebar: 'CmdOrCtrl+B', focusExplorer: 'CmdOrCtrl+Shift+E' });
    expect(byId.openFolder).toBeUndefined(); // a chord has no native accelerator
  });

  it('has the edit roles and dev tools only when unpackaged', () => {
    expect(roles(buildMenuModel(linux))).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']));
    expect(roles(buildMenuModel(linux))).not.toContain('toggleDevTools');
    expect(roles(buildMenuModel({ ...linux, isPackaged: false }))).toContain('toggleDevTools');
    // Ctrl+W belongs to Close Editor, so no window-closing role anywhere.
    expect(roles(buildMenuModel(linux))).not.toContain('close');
  });

  it('opens folders in main and sends everything else to the renderer', () => {
    expect(isHandledInMain('openFolder')).toBe(true);
    expect(isHandledInMain('save')).toBe(false);
  });
});

describe('menu template', () => {
  const find = (items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined => {
    for (const item of items) {
      if (item.id === id) return item;
      const inner = Array.isArray(item.submenu) ? find(item.submenu, id) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };

  it('runs the command id on click and keeps the accelerator', () => {
    const runCommand = vi.fn();
    const template = toMenuTemplate(buildMenuModel(linux), { platform: 'linux', runCommand });
    const save = find(template, 'save')!;
    expect(save.accelerator).toBe('CmdOrCtrl+S');
    expect(save.registerAccelerator).toBe(false);
    (save.click as () => void)();
    expect(runCommand).toHaveBeenCalledWith('save');
  });

  it('registers accelerators natively on macOS', () => {
    const template = toMenuTemplate(buildMenuModel(mac), { platform: 'darwin', runCommand: () => {} });
    expect(find(template, 'save')!.registerAccelerator).toBeUndefined();
    expect(template[0]).toMatchObject({ label: 'MarieIDE', role: 'appMenu' });
  });
});
