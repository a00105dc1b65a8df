import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryIndexForTests, press, renderApp, shortcut } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const files = {
  '/w/src/a.ts': 'const total = 1;\nfunction addTotal() {\n  return total + 1;\n}\n',
  '/w/src/b.ts': 'export const Total = 2;\n',
  '/w/notes.md': 'totally unrelated\n',
};

function index(): InMemoryIndexForTests {
  const ix = new InMemoryIndexForTests();
  for (const [path, text] of Object.entries(files)) ix.texts.set(path, text);
  return ix;
}

async function openSearch() {
  shortcut('f', { shiftKey: true, code: 'KeyF' });
  const input = await screen.findByRole('textbox', { name: 'Search' });
  await waitFor(() => expect(document.activeElement).toBe(input));
  return input;
}

const results = () => screen.getByRole('tree', { name: 'Search results' });
const rowLabels = () => within(results()).queryAllByRole('treeitem').map((r) => r.getAttribute('aria-label'));
const summary = () => screen.getByTestId('search-summary').textContent;

describe('find in files (Ctrl+Shift+F)', () => {
  it('streams matches grouped by file with the match marked; Enter searches at once; a click opens at the line', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    const input = await openSearch();
    fireEvent.change(input, { target: { value: 'total' } });
    press(input, 'Enter');
    await waitFor(() => expect(summary()).toBe('5 results in 3 files'));
    expect(rowLabels()).toEqual([
      'src/a.ts, 3 matches',
      'line 1: const total = 1;',
      'line 2: function addTotal() {',
      'line 3: return total + 1;',
      'src/b.ts, 1 match',
      'line 1: export const Total = 2;',
      'notes.md, 1 match',
      'line 1: totally unrelated',
    ]);
    const third = within(results()).getAllByRole('treeitem')[3]!;
    expect(third.querySelector('mark')?.textContent).toBe('total');
    expect(third.querySelector('.result-preview')?.textContent).toBe('return total + 1;');

    fireEvent.click(third);
    const editor = (await screen.findByRole('textbox', { name: 'a.ts editor' })) as HTMLTextAreaElement;
    await waitFor(() => expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe('total'));
    expect(editor.value.slice(0, editor.selectionStart)).toBe('const total = 1;\nfunction addTotal() {\n  return ');
  });

  it('passes the toggles and globs to the index, and says when the limit was hit', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    const input = await openSearch();
    fireEvent.click(screen.getByRole('button', { name: 'Match Case' }));
    fireEvent.click(screen.getByRole('button', { name: 'Match Whole Word' }));
    expect(screen.getByRole('button', { name: 'Match Case' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.change(screen.getByRole('textbox', { name: 'Files to include' }), { target: { value: 'src/**, *.ts' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Files to exclude' }), { target: { value: 'b.ts' } });
    fireEvent.change(input, { target: { value: 'Total' } });
    press(input, 'Enter');
    await waitFor(() => expect(summary()).toBe('1 result in 1 file'));
    expect(ix.calls.at(-1)?.input).toMatchObject({ pattern: 'Total', caseSensitive: true, wholeWord: true, regex: false, include: ['src/**', '*.ts'], exclude: ['b.ts'] });

    fireEvent.click(screen.getByRole('button', { name: 'Match Case' }));
    fireEvent.click(screen.getByRole('button', { name: 'Match Whole Word' }));
    fireEvent.click(screen.getByRole('button', { name: 'Use Regular Expression' }));
    fireEvent.change(input, { target: { value: 't.t' } });
    press(input, 'Enter');
    await waitFor(() => expect(summary()).toMatch(/^5 results in 3 files/));

    ix.maxResults = 4;
    fireEvent.change(input, { target: { value: 'tot' } });
    press(input, 'Enter');
    await waitFor(() => expect(summary()).toBe('4 results in 2 files — limit hit, showing the first 4'));
  });

  it('a new query cancels the old one: late matches of the old search never show', async () => {
    const ix = index();
    ix.delay = (method, query) => (query === 'const' ? 150 : 0);
    await renderApp(files, { index: ix });
    const input = await openSearch();
    fireEvent.change(input, { target: { value: 'const' } });
    press(input, 'Enter');
    await act(() => new Promise((r) => setTimeout(r, 20)));
    fireEvent.change(input, { target: { value: 'unrelated' } });
    press(input, 'Enter');
    await waitFor(() => expect(summary()).toBe('1 result in 1 file'));
    await act(() => new Promise((r) => setTimeout(r, 600)));
    expect(rowLabels()).toEqual(['notes.md, 1 match', 'line 1: totally unrelated']);
    const ids = ix.calls.filter((c) => c.method === 'searchText').map((c) => (c.input as { searchId: string }).searchId);
    expect(new Set(ids).size).toBe(2);
  });

  it('typing searches by itself after a pause', async () => {
    await renderApp(files, { index: index() });
    const input = await openSearch();
    fireEvent.change(input, { target: { value: 'unrelated' } });
    await waitFor(() => expect(summary()).toBe('1 result in 1 file'));
  });
});
