import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryIndexForTests, press, renderApp, shortcut } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const files = { '/w/src/alpha.ts': 'export const alpha = 1;\n', '/w/src/beta.ts': 'export const beta = 2;\n', '/w/docs/about.md': '# about\n' };

function indexOf(paths: string[]) {
  const index = new InMemoryIndexForTests();
  index.files = paths;
  return index;
}

const picker = () => screen.findByRole('dialog', { name: 'Go to File' });
const input = () => screen.getByRole('combobox', { name: 'Go to File' });
const options = () => screen.queryAllByRole('option');
const labels = () => options().map((o) => o.querySelector('.quick-pick-label')?.textContent);
const activeOption = () => options().find((o) => o.getAttribute('aria-selected') === 'true');

describe('quick open (Ctrl+P)', () => {
  it('lists fuzzy matches as you type with the matched characters marked; arrows move; Enter opens and records the file', async () => {
    const index = indexOf(Object.keys(files));
    await renderApp(files, { index });
    shortcut('p');
    await picker();
    expect(document.activeElement).toBe(input());
    fireEvent.change(input(), { target: { value: 'bta' } });
    await waitFor(() => expect(labels()).toEqual(['beta.ts']));
    expect(options()[0]!.querySelector('.quick-pick-description')?.textContent).toBe('src');
    const option = options()[0]!;
    expect([...option.querySelectorAll('mark')].map((m) => m.textContent).join('')).toBe('bta');
    expect(input().getAttribute('aria-activedescendant')).toBe(option.id);

    fireEvent.change(input(), { target: { value: 'a' } });
    await waitFor(() => expect(options()).toHaveLength(3));
    expect(activeOption()?.textContent).toContain('alpha.ts');
    press(input(), 'ArrowDown');
    expect(activeOption()?.textContent).toContain('beta.ts');
    press(input(), 'ArrowUp');
    press(input(), 'ArrowUp');
    expect(activeOption()?.textContent).toContain('about.md');
    press(input(), 'Enter');

    const editor = await screen.findByRole('textbox', { name: 'about.md editor' });
    expect(screen.queryByRole('dialog', { name: 'Go to File' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'about.md' }).getAttribute('data-preview')).not.toBe('true');
    await waitFor(() => expect(index.opened).toEqual(['/w/docs/about.md']));
    await waitFor(() => expect(document.activeElement).toBe(editor));
  });

  it('Escape closes it and gives focus back to the editor', async () => {
    await renderApp(files, { index: indexOf(Object.keys(files)) });
    const alpha = await openFromExplorerPath('src', 'alpha.ts');
    alpha.focus();
    shortcut('p');
    await picker();
    press(input(), 'Escape');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Go to File' })).toBeNull());
    expect(document.activeElement).toBe(alpha);
  });

  it('closes when focus moves elsewhere, and leaves focus there', async () => {
    await renderApp(files, { index: indexOf(Object.keys(files)) });
    shortcut('p');
    await picker();
    const tree = screen.getByRole('tree', { name: 'Explorer' });
    tree.focus();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Go to File' })).toBeNull());
    expect(document.activeElement).toBe(tree);
  });

  it('drops an answer that arrives after a newer query was sent', async () => {
    const index = indexOf(Object.keys(files));
    // The first query is slow, the second fast: the slow one must not overwrite it.
    index.delay = (method, query) => (method === 'findFiles' && query === 'a' ? 300 : 0);
    await renderApp(files, { index });
    shortcut('p');
    await picker();
    fireEvent.change(input(), { target: { value: 'a' } });
    await new Promise((r) => setTimeout(r, 60));
    fireEvent.change(input(), { target: { value: 'beta' } });
    await waitFor(() => expect(labels()).toEqual(['beta.ts']));
    await new Promise((r) => setTimeout(r, 400));
    expect(labels()).toEqual(['beta.ts']);
    expect(index.calls.filter((c) => c.method === 'findFiles').map((c) => (c.input as { query: string }).query)).toEqual(['', 'a', 'beta']);
  });

  it('says "indexing…" while the index is still being built', async () => {
    const index = indexOf(Object.keys(files));
    index.partial = true;
    await renderApp(files, { index });
    shortcut('p');
    await picker();
    fireEvent.change(input(), { target: { value: 'al' } });
    await waitFor(() => expect(screen.getByTestId('quick-pick-note').textContent).toContain('indexing…'));
  });

  it('without an index it says so instead of opening', async () => {
    await renderApp(files);
    shortcut('p');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('status-message').textContent).toMatch(/not available/);
  });
});

async function openFromExplorerPath(folder: string, name: string): Promise<HTMLElement> {
  const tree = screen.getByRole('tree', { name: 'Explorer' });
  fireEvent.click(await within(tree).findByRole('treeitem', { name: folder }));
  const item = await within(tree).findByRole('treeitem', { name });
  fireEvent.click(item);
  fireEvent.doubleClick(item);
  return screen.findByRole('textbox', { name: `${name} editor` });
}
