import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../App.js';
import { plainTextKit } from '../editor/plainTextKit.js';
import { InMemoryIndexForTests } from '../../common/codeIndex/inMemoryIndex.test-support.js';
import { InMemoryWorkspaceForTests } from '../../common/inMemoryWorkspace.test-support.js';

export { InMemoryWorkspaceForTests, InMemoryIndexForTests };

/** Renders the whole workbench against an in-memory host (over the real RPC), without Monaco. */
export async function renderApp(
  files: Record<string, string | null> = {},
  options: { pageSize?: number; roots?: 'none'; setup?: (ws: InMemoryWorkspaceForTests) => void; index?: InMemoryIndexForTests } = {},
) {
  const ws = new InMemoryWorkspaceForTests(files);
  if (options.roots === 'none') ws.roots = [];
  options.setup?.(ws);
  const view = render(<App workspace={ws.connected()} index={options.index?.connected()} editorKit={plainTextKit} pageSize={options.pageSize} />);
  if (options.roots !== 'none') await screen.findByRole('treeitem', { name: 'w' });
  return { ws, view };
}

export const tree = () => screen.getByRole('tree', { name: 'Explorer' });
export const treeItem = (name: string) => within(tree()).getByRole('treeitem', { name });
export const findTreeItem = (name: string) => within(tree()).findByRole('treeitem', { name });
export const selectedTreeItem = () => within(tree()).getAllByRole('treeitem').find((el) => el.getAttribute('aria-selected') === 'true');
export const tabs = () => screen.queryAllByRole('tab');
export const tabNames = () => tabs().map((t) => t.getAttribute('aria-label'));

export function press(target: Element, key: string, init: Partial<KeyboardEventInit> = {}): void {
  fireEvent.keyDown(target, { key, ...init });
}

/** A workbench shortcut as the browser would deliver it (Ctrl on non-Mac). */
export function shortcut(key: string, init: Partial<KeyboardEventInit> = {}): void {
  const code = key.length === 1 ? `Key${key.toUpperCase()}` : key;
  fireEvent.keyDown(document.activeElement ?? document.body, { key, code, ctrlKey: true, ...init });
}

/** Opens a file by clicking it in the explorer (single click: preview; double: pinned). */
export async function openFromExplorer(name: string, how: 'preview' | 'pinned' = 'pinned') {
  const item = await findTreeItem(name);
  fireEvent.click(item);
  if (how === 'pinned') fireEvent.doubleClick(item);
  return screen.findByRole('textbox', { name: `${name} editor` });
}

/** Types into the plain-text editor as a user edit. */
export function typeInto(editor: HTMLElement, value: string): void {
  fireEvent.change(editor, { target: { value } });
}

export const flush = () => act(() => new Promise((r) => setTimeout(r, 80)));
