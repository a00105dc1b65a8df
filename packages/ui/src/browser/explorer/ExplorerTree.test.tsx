import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { findTreeItem, flush, press, renderApp, selectedTreeItem, tabNames, tree, treeItem } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const files = {
  '/w/src/main.ts': 'main',
  '/w/src/util/strings.ts': 'strings',
  '/w/docs': null,
  '/w/file10.txt': 'ten',
  '/w/file2.txt': 'two',
  '/w/readme.md': 'readme',
};

const attr = (el: Element, name: string) => el.getAttribute(name);

describe('explorer tree', () => {
  it('exposes an ARIA tree: names, levels, expanded state, natural order, folders first', async () => {
    await renderApp(files);
    const root = treeItem('w');
    expect(attr(root, 'aria-level')).toBe('1');
    expect(attr(root, 'aria-expanded')).toBe('true');
    await findTreeItem('src');
    const names = within(tree()).getAllByRole('treeitem').map((el) => el.textContent);
    expect(names).toEqual(['w', 'docs', 'src', 'file2.txt', 'file10.txt', 'readme.md']);
    const src = treeItem('src');
    expect(attr(src, 'aria-level')).toBe('2');
    expect(attr(src, 'aria-expanded')).toBe('false');
    expect(attr(src, 'aria-posinset')).toBe('2');
    expect(attr(src, 'aria-setsize')).toBe('5');
    expect(attr(treeItem('readme.md'), 'aria-expanded')).toBeNull();
  });

  it('navigates with the keyboard: Up/Down, Right/Left, Home/End, type-ahead', async () => {
    const { ws } = await renderApp(files);
    await findTreeItem('src');
    const t = tree();
    t.focus();
    expect(selectedTreeItem()?.textContent).toBe('w');
    press(t, 'ArrowDown');
    press(t, 'ArrowDown');
    expect(selectedTreeItem()?.textContent).toBe('src');
    expect(attr(t, 'aria-activedescendant')).toBe(selectedTreeItem()!.id);

    press(t, 'ArrowRight'); // expands, lists lazily
    await findTreeItem('main.ts');
    expect(ws.calls).toContain('list /w/src 0');
    expect(attr(treeItem('src'), 'aria-expanded')).toBe('true');
    press(t, 'ArrowRight'); // first child
    expect(selectedTreeItem()?.textContent).toBe('util');
    expect(attr(selectedTreeItem()!, 'aria-level')).toBe('3');
    press(t, 'ArrowLeft'); // to parent
    expect(selectedTreeItem()?.textContent).toBe('src');
    press(t, 'ArrowLeft'); // collapse
    expect(attr(treeItem('src'), 'aria-expanded')).toBe('false');
    expect(within(t).queryByRole('treeitem', { name: 'main.ts' })).toBeNull();

    press(t, 'End');
    expect(selectedTreeItem()?.textContent).toBe('readme.md');
    press(t, 'Home');
    expect(selectedTreeItem()?.textContent).toBe('w');
    press(t, 'f');
    expect(selectedTreeItem()?.textContent).toBe('file2.txt');
    press(t, 'ArrowUp');
    expect(selectedTreeItem()?.textContent).toBe('src');
  });

  it('Space opens a preview, Enter opens pinned; clicks do the same', async () => {
    await renderApp(files);
    const t = tree();
    fireEvent.click(await findTreeItem('file2.txt'));
    await screen.findByRole('tab', { name: 'file2.txt' });
    expect(attr(screen.getByRole('tab', { name: 'file2.txt' }), 'data-preview')).toBe('true');
    press(t, 'ArrowDown');
    press(t, ' ');
    await screen.findByRole('tab', { name: 'file10.txt' });
    expect(tabNames()).toEqual(['file10.txt']); // the preview was replaced
    press(t, 'Enter');
    await waitFor(() => expect(attr(screen.getByRole('tab', { name: 'file10.txt' }), 'data-preview')).toBe('false'));
    fireEvent.click(treeItem('readme.md'));
    fireEvent.doubleClick(treeItem('readme.md'));
    await waitFor(() => expect(tabNames()).toEqual(['file10.txt', 'readme.md']));
  });

  it('virtualizes 20,000 entries: few rows in the DOM, scrolling renders others, pages load on demand', async () => {
    const { ws } = await renderApp({}, {
      pageSize: 1000,
      setup: (w) => {
        for (let i = 0; i < 20_000; i++) w.addFile(`/w/big/f${i}.txt`, '');
      },
    });
    const started = performance.now();
    fireEvent.click(await findTreeItem('big'));
    await findTreeItem('f0.txt');
    const t = tree();
    expect(within(t).getAllByRole('treeitem').length).toBeLessThan(100);
    expect(attr(treeItem('f0.txt'), 'aria-setsize')).toBe('20000');
    // The scroll height covers every entry, listed or not.
    const canvas = t.firstElementChild as HTMLElement;
    expect(canvas.style.height).toBe(`${20_002 * 22}px`);

    await act(async () => {
      Object.defineProperty(t, 'scrollTop', { value: 22 * 15_000, configurable: true });
      fireEvent.scroll(t);
    });
    await waitFor(() => expect(within(t).queryByRole('treeitem', { name: 'f14999.txt' })).not.toBeNull(), { timeout: 10_000 });
    expect(within(t).queryByRole('treeitem', { name: 'f5.txt' })).toBeNull();
    expect(within(t).getAllByRole('treeitem').length).toBeLessThan(100);
    expect(ws.calls.filter((c) => c.startsWith('list /w/big')).length).toBeGreaterThan(1);
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it('F2 renames through a dialog; open editors follow', async () => {
    const { ws } = await renderApp(files);
    fireEvent.click(await findTreeItem('readme.md'));
    await screen.findByRole('tab', { name: 'readme.md' });
    press(tree(), 'F2');
    const dialog = await screen.findByRole('dialog', { name: 'Rename' });
    const input = within(dialog).getByLabelText('New name') as HTMLInputElement;
    expect(input.value).toBe('readme.md');
    fireEvent.change(input, { target: { value: 'guide.md' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await findTreeItem('guide.md');
    expect(ws.content('/w/guide.md')).toBe('readme');
    await waitFor(() => expect(tabNames()).toEqual(['guide.md']));
    expect(selectedTreeItem()?.textContent).toBe('guide.md');
  });

  it('rejects invalid names inline', async () => {
    await renderApp(files);
    fireEvent.click(screen.getByRole('button', { name: 'New File' }));
    const dialog = await screen.findByRole('dialog', { name: 'New File' });
    fireEvent.change(within(dialog).getByLabelText('File name'), { target: { value: 'a/b' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByRole('alert').textContent).toContain('cannot contain');
    press(dialog, 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('New File and New Folder create in the selected folder and open the file', async () => {
    const { ws } = await renderApp(files);
    fireEvent.click(await findTreeItem('docs'));
    fireEvent.click(screen.getByRole('button', { name: 'New File' }));
    const dialog = await screen.findByRole('dialog', { name: 'New File' });
    fireEvent.change(within(dialog).getByLabelText('File name'), { target: { value: 'intro.md' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await findTreeItem('intro.md');
    expect(ws.entries.get('/w/docs/intro.md')?.kind).toBe('file');
    await screen.findByRole('tab', { name: 'intro.md' });
    expect(attr(treeItem('intro.md'), 'aria-level')).toBe('3');

    fireEvent.click(treeItem('w'));
    fireEvent.click(screen.getByRole('button', { name: 'New Folder' }));
    const folderDialog = await screen.findByRole('dialog', { name: 'New Folder' });
    fireEvent.change(within(folderDialog).getByLabelText('Folder name'), { target: { value: 'lib' } });
    fireEvent.click(within(folderDialog).getByRole('button', { name: 'Create' }));
    await findTreeItem('lib');
    expect(ws.entries.get('/w/lib')?.kind).toBe('directory');
  });

  it('Delete moves to the trash; without one it asks before deleting permanently', async () => {
    const { ws } = await renderApp(files);
    fireEvent.click(await findTreeItem('file2.txt'));
    press(tree(), 'Delete');
    await waitFor(() => expect(within(tree()).queryByRole('treeitem', { name: 'file2.txt' })).toBeNull());
    expect(ws.calls).toContain('delete /w/file2.txt');

    ws.trashAvailable = false;
    fireEvent.click(treeItem('file10.txt'));
    press(tree(), 'Delete');
    const dialog = await screen.findByRole('dialog', { name: 'Delete permanently?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete Permanently' }));
    await waitFor(() => expect(within(tree()).queryByRole('treeitem', { name: 'file10.txt' })).toBeNull());
    expect(ws.calls).toContain('delete /w/file10.txt permanent');
  });

  it('refreshes loaded folders on external changes, keeping expansion', async () => {
    const { ws } = await renderApp(files);
    fireEvent.click(await findTreeItem('src'));
    await findTreeItem('main.ts');
    ws.externalWrite('/w/src/added.ts', 'x');
    ws.externalDelete('/w/readme.md');
    await findTreeItem('added.ts');
    await waitFor(() => expect(within(tree()).queryByRole('treeitem', { name: 'readme.md' })).toBeNull());
    expect(attr(treeItem('src'), 'aria-expanded')).toBe('true');
    await flush();
  });

  it('shows a notification when listing fails', async () => {
    const { ws } = await renderApp(files);
    await findTreeItem('src');
    ws.entries.delete('/w/src');
    fireEvent.click(treeItem('src'));
    const note = await screen.findByTestId('notification');
    expect(note.textContent).toContain('Could not list src');
    fireEvent.click(within(note).getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByTestId('notification')).toBeNull();
  });
});
