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
  goToSymbol: { title: 'Go to Symbol in Workspace…', key: 'mod+t' },
  goToDefinition: { title: 'Go to Definition', key: 'f12' },
  findReferences: { title: 'Find All References', key: 'shift+f12' },
  findInFiles: { title: 'Find in Files', key: 'mod+shift+f' },
  showOutline: { title: 'Show Outline', key: 'mod+k mod+shift+o' },
  // Preferences: the Settings editor and the chrome://policy-style Policies page.
  openSettings: { title: 'Preferences: Open Settings', key: 'mod+,' },
  showPolicies: { title: 'Preferences: Show Policies', key: 'mod+k mod+alt+p' },
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
