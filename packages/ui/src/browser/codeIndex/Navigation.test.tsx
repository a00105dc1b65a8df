import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SymbolInfo } from '@marie/protocol';
import { InMemoryIndexForTests, press, renderApp, shortcut } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const files = {
  '/w/src/shapes.ts': 'export class Circle {\n  area() {\n    return 1;\n  }\n}\n',
  '/w/src/main.ts': 'import { Circle } from "./shapes";\nconst c = new Circle();\nc.area();\n',
  '/w/lib/other.ts': 'export function area() {}\n',
};

const range = (line: number, startColumn: number, endColumn: number) => ({ startLine: line, startColumn, endLine: line, endColumn });
const circle: SymbolInfo = { name: 'Circle', kind: 'class', path: '/w/src/shapes.ts', range: range(0, 13, 19) };
const areaMethod: SymbolInfo = { name: 'area', kind: 'method', path: '/w/src/shapes.ts', range: range(1, 2, 6), container: 'Circle' };
const areaFunction: SymbolInfo = { name: 'area', kind: 'function', path: '/w/lib/other.ts', range: range(0, 16, 20) };

function index(): InMemoryIndexForTests {
  const ix = new InMemoryIndexForTests();
  ix.files = Object.keys(files);
  ix.symbols = [circle, areaMethod, areaFunction];
  ix.refs = [
    { name: 'Circle', kind: 'class', path: '/w/src/main.ts', range: range(1, 14, 20) },
    { name: 'Circle', kind: 'class', path: '/w/src/main.ts', range: range(0, 9, 15) },
  ];
  return ix;
}

/** Opens a file through quick open and puts the caret at a 1-based line and column. */
async function openWithCaret(name: string, line: number, column: number): Promise<HTMLTextAreaElement> {
  shortcut('p');
  const input = await screen.findByRole('combobox', { name: 'Go to File' });
  fireEvent.change(input, { target: { value: name } });
  await waitFor(() => expect(screen.getAllByRole('option')[0]?.textContent).toContain(name));
  press(input, 'Enter');
  const editor = (await screen.findByRole('textbox', { name: `${name} editor` })) as HTMLTextAreaElement;
  const offset = editor.value.split('\n').slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  editor.focus();
  editor.setSelectionRange(offset, offset);
  fireEvent.select(editor);
  return editor;
}

const selectedText = (editor: HTMLTextAreaElement) => editor.value.slice(editor.selectionStart, editor.selectionEnd);

describe('workspace symbols (Ctrl+T)', () => {
  it('lists name, kind, container and relative path; Enter opens the file with the symbol selected', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    shortcut('t');
    const input = await screen.findByRole('combobox', { name: 'Go to Symbol in Workspace' });
    fireEvent.change(input, { target: { value: 'area' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    const [method, fn] = screen.getAllByRole('option');
    expect(within(method!).getByTitle('method').textContent).toBe('m');
    expect(method!.textContent).toContain('Circle · src/shapes.ts:2');
    expect(fn!.textContent).toContain('lib/other.ts:1');
    press(input, 'Enter');
    const editor = (await screen.findByRole('textbox', { name: 'shapes.ts editor' })) as HTMLTextAreaElement;
    await waitFor(() => expect(selectedText(editor)).toBe('area'));
    expect(editor.value.slice(0, editor.selectionStart).split('\n')).toHaveLength(2);
  });
});

describe('go to definition (F12, Ctrl+click)', () => {
  it('F12 on an identifier opens the other file at its only definition', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    const main = await openWithCaret('main.ts', 2, 17);
    press(main, 'F12', { code: 'F12' });
    const shapes = (await screen.findByRole('textbox', { name: 'shapes.ts editor' })) as HTMLTextAreaElement;
    await waitFor(() => expect(selectedText(shapes)).toBe('Circle'));
    expect(ix.calls.find((c) => c.method === 'definitions')?.input).toMatchObject({ name: 'Circle' });
  });

  it('several definitions are listed in a picker; choosing one opens it', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    const main = await openWithCaret('main.ts', 3, 4);
    press(main, 'F12', { code: 'F12' });
    const input = await screen.findByRole('combobox', { name: 'Definitions of area' });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    fireEvent.click(screen.getAllByRole('option')[1]!);
    const other = (await screen.findByRole('textbox', { name: 'other.ts editor' })) as HTMLTextAreaElement;
    await waitFor(() => expect(selectedText(other)).toBe('area'));
    expect(input.isConnected).toBe(false);
  });

  it('Ctrl+click goes to the definition under the click; no definition or no symbol says so', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    const main = await openWithCaret('main.ts', 1, 13);
    fireEvent.click(main, { ctrlKey: true });
    await screen.findByRole('textbox', { name: 'shapes.ts editor' });

    const again = await openWithCaret('main.ts', 2, 12);
    press(again, 'F12', { code: 'F12' });
    await waitFor(() => expect(screen.getByTestId('status-message').textContent).toBe('No definition found for new.'));
    const onPunctuation = await openWithCaret('main.ts', 2, 10);
    press(onPunctuation, 'F12', { code: 'F12' });
    await waitFor(() => expect(screen.getByTestId('status-message').textContent).toBe('No symbol at the cursor.'));
  });
});

describe('find all references (Shift+F12)', () => {
  it('shows the references grouped by file with the declaration; clicking one opens it at its line', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    const main = await openWithCaret('main.ts', 2, 16);
    press(main, 'F12', { code: 'F12', shiftKey: true });
    const tree = await screen.findByRole('tree', { name: 'References' });
    await waitFor(() => expect(screen.getByTestId('references-status').textContent).toBe('3 results in 2 files'));
    const items = within(tree).getAllByRole('treeitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      'src/main.ts, 2 references',
      'line 1:10, class',
      'line 2:15, class',
      'src/shapes.ts, 1 reference',
      'line 1:14, definition',
    ]);
    expect(items.map((i) => i.getAttribute('aria-level'))).toEqual(['1', '2', '2', '1', '2']);
    fireEvent.click(items[2]!);
    await waitFor(() => expect(selectedText(main)).toBe('Circle'));
    expect(main.value.slice(0, main.selectionStart).split('\n')).toHaveLength(2);

    // Keyboard: fold the first file with Left from its heading, Escape closes the panel.
    tree.focus();
    press(tree, 'Home');
    press(tree, 'ArrowLeft');
    expect(within(tree).getAllByRole('treeitem')).toHaveLength(3);
    press(tree, 'Escape');
    await waitFor(() => expect(screen.queryByRole('tree', { name: 'References' })).toBeNull());
  });
});
