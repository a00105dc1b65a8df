/**
 * Workbench commands and their default shortcuts, declared once: the web workbench binds
 * them and the desktop menus show the same accelerators. `mod` is Ctrl, or Cmd on macOS.
 */
export const commands = {
  save: { title: 'Save', key: 'mod+s' },
  saveAll: { title: 'Save All', key: 'mod+alt+s' },
  closeEditor: { title: 'Close Editor', key: 'mod+w' },
  closeOtherEditors: { title: 'Close Other Editors', key: 'mod+alt+t' },
  nextEditor: { title: 'Next Editor', key: 'mod+pagedown' },
  previousEditor: { title: 'Previous Editor', key: 'mod+pageup' },
  focusExplorer: { title: 'Focus Explorer', key: 'mod+shift+e' },
  toggleSidebar: { title: 'Toggle Sidebar', key: 'mod+b' },
  newFile: { title: 'New File…', key: 'mod+alt+n' },
  openFolder: { title: 'Open Folder…', key: 'mod+k mod+o' },
  quickOpen: { title: 'Go to File…', key: 'mod+p' },
} as const;

export type CommandId = keyof typeof commands;

/** "mod+shift+e" → Electron accelerator "CmdOrCtrl+Shift+E". Chords (with a space) have none. */
export function toElectronAccelerator(key: string): string | undefined {
  if (key.includes(' ')) return undefined;
  return key
    .split('+')
    .map((part) => (part === 'mod' ? 'CmdOrCtrl' : part === 'pagedown' ? 'PageDown' : part === 'pageup' ? 'PageUp' : part.length === 1 ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1)))
    .join('+');
}
