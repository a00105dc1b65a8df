import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { findTreeItem, openFromExplorer, renderApp, shortcut, tabNames, tabs, typeInto } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const files = { '/w/a.txt': 'alpha\n', '/w/b.txt': 'beta\n', '/w/c.txt': 'gamma\n' };
const tab = (name: string) => screen.getByRole('tab', { name: new RegExp(`^${name.replace('.', '\\.')}`) });

describe('tabs', () => {
  it('single click previews (italic, replaced by the next preview); double click pins', async () => {
    await renderApp(files);
    await openFromExplorer('a.txt', 'preview');
    expect(tab('a.txt').getAttribute('data-preview')).toBe('true');
    await openFromExplorer('b.txt', 'preview');
    expect(tabNames()).toEqual(['b.txt']);
    fireEvent.doubleClick(tab('b.txt'));
    expect(tab('b.txt').getAttribute('data-preview')).toBe('false');
    await openFromExplorer('c.txt', 'preview');
    expect(tabNames()).toEqual(['b.txt', 'c.txt']);
    expect(screen.getByRole('tablist', { name: 'Open editors' })).toBeTruthy();
    expect(tab('c.txt').getAttribute('aria-selected')).toBe('true');
    expect(tab('b.txt').getAttribute('aria-selected')).toBe('false');
  });

  it('an edit pins a preview and marks it dirty; Ctrl+S saves even from the editor', async () => {
    const { ws } = await renderApp(files);
    const editor = await openFromExplorer('a.txt', 'preview');
    typeInto(editor, 'alpha!\n');
    await waitFor(() => expect(tab('a.txt').getAttribute('aria-label')).toBe('a.txt (unsaved)'));
    expect(tab('a.txt').getAttribute('data-dirty')).toBe('true');
    expect(tab('a.txt').getAttribute('data-preview')).toBe('false');
    editor.focus();
    shortcut('s');
    await waitFor(() => expect(tab('a.txt').getAttribute('aria-label')).toBe('a.txt'));
    expect(ws.content('/w/a.txt')).toBe('alpha!\n');
    expect(screen.getByTestId('status-message').textContent).toBe('Saved a.txt');
  });

  it('close button, middle click, Ctrl+W, close others, next/previous', async () => {
    await renderApp(files);
    for (const f of ['a.txt', 'b.txt', 'c.txt']) await openFromExplorer(f);
    expect(tabNames()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    shortcut('PageDown', { code: 'PageDown' });
    expect(tab('a.txt').getAttribute('aria-selected')).toBe('true');
    shortcut('PageUp', { code: 'PageUp' });
    expect(tab('c.txt').getAttribute('aria-selected')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Close c.txt' }));
    await waitFor(() => expect(tabNames()).toEqual(['a.txt', 'b.txt']));
    expect(tab('b.txt').getAttribute('aria-selected')).toBe('true');

    fireEvent(tab('a.txt'), new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    await waitFor(() => expect(tabNames()).toEqual(['b.txt']));

    await openFromExplorer('a.txt');
    await openFromExplorer('c.txt');
    fireEvent.contextMenu(tab('a.txt'));
    fireEvent.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Close Others' }));
    await waitFor(() => expect(tabNames()).toEqual(['a.txt']));

    shortcut('w');
    await waitFor(() => expect(tabs()).toHaveLength(0));
    expect(screen.getByTestId('editor-empty')).toBeTruthy();
  });

  it('closing a dirty tab asks: Cancel keeps it, Save writes, Don\'t Save discards', async () => {
    const { ws } = await renderApp(files);
    typeInto(await openFromExplorer('a.txt'), 'changed\n');
    await waitFor(() => expect(tab('a.txt').getAttribute('data-dirty')).toBe('true'));

    fireEvent.click(screen.getByRole('button', { name: 'Close a.txt' }));
    let dialog = await screen.findByRole('dialog', { name: 'Save changes to a.txt?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(tabNames()).toEqual(['a.txt (unsaved)']);

    fireEvent.click(screen.getByRole('button', { name: 'Close a.txt' }));
    dialog = await screen.findByRole('dialog', { name: 'Save changes to a.txt?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(tabs()).toHaveLength(0));
    expect(ws.content('/w/a.txt')).toBe('changed\n');

    typeInto(await openFromExplorer('b.txt'), 'lost\n');
    await waitFor(() => expect(tab('b.txt').getAttribute('data-dirty')).toBe('true'));
    shortcut('w');
    dialog = await screen.findByRole('dialog', { name: 'Save changes to b.txt?' });
    fireEvent.click(within(dialog).getByRole('button', { name: "Don't Save" }));
    await waitFor(() => expect(tabs()).toHaveLength(0));
    expect(ws.content('/w/b.txt')).toBe('beta\n');
  });

  it('Ctrl+Alt+S saves all; Ctrl+B toggles the side bar; Ctrl+Shift+E focuses the explorer', async () => {
    const { ws } = await renderApp(files);
    typeInto(await openFromExplorer('a.txt'), 'A\n');
    typeInto(await openFromExplorer('b.txt'), 'B\n');
    await waitFor(() => expect(tab('b.txt').getAttribute('data-dirty')).toBe('true'));
    shortcut('s', { altKey: true });
    await waitFor(() => expect([ws.content('/w/a.txt'), ws.content('/w/b.txt')]).toEqual(['A\n', 'B\n']));

    shortcut('b');
    expect(screen.queryByRole('tree')).toBeNull();
    shortcut('e', { shiftKey: true });
    const tree = await screen.findByRole('tree', { name: 'Explorer' });
    await waitFor(() => expect(document.activeElement).toBe(tree));
    await findTreeItem('a.txt');
  });
});
