import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutlineNode, TextRange } from '@marie/protocol';
import { InMemoryIndexForTests, press, renderApp, shortcut, typeInto } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const path = '/w/shapes.ts';
const files = { [path]: 'class Circle {\n  area() {}\n  grow() {}\n}\n', '/w/empty.txt': 'nothing\n' };
const r = (line: number, startColumn: number, endColumn: number): TextRange => ({ startLine: line, startColumn, endLine: line, endColumn });
const node = (name: string, kind: string, range: TextRange, children: OutlineNode[] = []): OutlineNode => ({ name, kind, path, range, fullRange: range, children });

function index() {
  const ix = new InMemoryIndexForTests();
  ix.files = Object.keys(files);
  ix.outlines.set(path, [node('Circle', 'class', r(0, 6, 12), [node('area', 'method', r(1, 2, 6)), node('grow', 'method', r(2, 2, 6))])]);
  return ix;
}

async function open(name: string) {
  shortcut('p');
  const input = await screen.findByRole('combobox', { name: 'Go to File' });
  fireEvent.change(input, { target: { value: name } });
  await waitFor(() => expect(screen.getAllByRole('option')[0]?.textContent).toContain(name));
  press(input, 'Enter');
  return (await screen.findByRole('textbox', { name: `${name} editor` })) as HTMLTextAreaElement;
}

const outline = () => screen.findByRole('tree', { name: 'Outline' });
const labels = (tree: HTMLElement) => within(tree).queryAllByRole('treeitem').map((i) => i.getAttribute('aria-label'));

describe('outline view', () => {
  it('lists the active file’s class with its methods; choosing one reveals it; keyboard folds', async () => {
    await renderApp(files, { index: index() });
    const editor = await open('shapes.ts');
    fireEvent.click(screen.getByRole('tab', { name: 'Outline' }));
    const tree = await outline();
    await waitFor(() => expect(labels(tree)).toEqual(['Circle, class', 'area, method', 'grow, method']));
    expect(within(tree).getAllByRole('treeitem').map((i) => i.getAttribute('aria-level'))).toEqual(['1', '2', '2']);

    fireEvent.click(within(tree).getByRole('treeitem', { name: 'grow, method' }));
    await waitFor(() => expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe('grow'));
    expect(document.activeElement).toBe(editor);

    tree.focus();
    press(tree, 'Home');
    press(tree, 'ArrowLeft');
    expect(labels(tree)).toEqual(['Circle, class']);
    press(tree, 'ArrowRight');
    press(tree, 'ArrowDown');
    press(tree, 'Enter');
    await waitFor(() => expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe('area'));
  });

  it('follows the active editor and asks again after a save', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    await open('empty.txt');
    // Ctrl+K Ctrl+Shift+O: a chord.
    shortcut('k');
    shortcut('o', { shiftKey: true });
    const tree = await outline();
    await waitFor(() => expect(screen.getByText('No symbols found in this file.')).toBeTruthy());
    await waitFor(() => expect(document.activeElement).toBe(tree));

    const editor = await open('shapes.ts');
    await waitFor(() => expect(labels(tree)).toHaveLength(3));
    const asked = () => ix.calls.filter((c) => c.method === 'outline' && (c.input as { path: string }).path === path).length;
    const before = asked();
    ix.outlines.set(path, [node('Square', 'class', r(0, 6, 12))]);
    typeInto(editor, 'class Square {}\n');
    editor.focus();
    shortcut('s');
    await waitFor(() => expect(labels(tree)).toEqual(['Square, class']));
    expect(asked()).toBeGreaterThan(before);
  });

  it('asks again when the index reports a change', async () => {
    const ix = index();
    await renderApp(files, { index: ix });
    await open('shapes.ts');
    fireEvent.click(screen.getByRole('tab', { name: 'Outline' }));
    const tree = await outline();
    await waitFor(() => expect(labels(tree)).toHaveLength(3));
    ix.outlines.set(path, []);
    act(() => ix.fireStatus({ ...ix.currentStatus, symbols: 1 }));
    await waitFor(() => expect(labels(tree)).toEqual([]));
  });
});
