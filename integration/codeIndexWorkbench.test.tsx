// @vitest-environment node
// The workbench's index features against the real host (createHost with its index, one
// real parse worker, SQLite in a temp folder) on a real folder, over the in-memory transport.
// A Node environment with a DOM added by hand: the indexer finds its grammars and worker
// scripts through file: URLs, which the browser-like jsdom environment does not give it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { populateGlobal } from 'vitest/environments';
import { createHost, type Host } from '@marie/host';
import { createMemoryTransportPair, indexContract, RpcClient, workspaceContract } from '@marie/protocol';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'http://localhost/' });
populateGlobal(globalThis, dom.window, { bindFunctions: true });
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// Only now: testing-library binds `screen` to the document when it loads.
const { cleanup, fireEvent, render, screen, waitFor, within } = await import('@testing-library/react');
const { App, plainTextKit } = await import('@marie/ui');

const FILES: Record<string, string> = {
  'src/shapes.ts': 'export class Circle {\n  area() {\n    return 3;\n  }\n  grow(by: number) {\n    return by;\n  }\n}\n',
  'src/main.ts': 'import { Circle } from "./shapes";\nconst c = new Circle();\nconsole.log(c.area());\n',
  'docs/notes.md': 'Circle is a shape.\n',
};

let base: string;
let host: Host;
let client: RpcClient;

beforeEach(async () => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-int-index-')));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(base, 'project', rel)), { recursive: true });
    writeFileSync(join(base, 'project', rel), text);
  }
  host = await createHost({
    roots: [join(base, 'project')],
    userDataDir: join(base, 'user'),
    policy: { engine: { env: { MARIE_POLICY_ROOT: join(base, 'no-policy') }, watch: false } },
    index: { indexDir: join(base, 'cache'), workers: 1, watch: false, startDelayMs: 0 },
  });
  const [hostEnd, uiEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  client = new RpcClient(uiEnd);
});

afterEach(async () => {
  cleanup();
  client.dispose();
  host.dispose();
  await host.index.close();
  rmSync(base, { recursive: true, force: true });
});

async function renderIndexedWorkbench() {
  render(<App workspace={client.getProxy(workspaceContract)} index={client.getProxy(indexContract)} editorKit={plainTextKit} />);
  await screen.findByRole('tree', { name: 'Explorer' });
  await (await host.index.current())?.whenIdle();
  // The status bar shows the totals once the index is built.
  await waitFor(() => expect(screen.getByTestId('status-index').textContent).toMatch(/ symbols? in 3 files$/), { timeout: 10_000 });
}

const key = (k: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(document.activeElement ?? document.body, { key: k, code: k.length === 1 ? `Key${k.toUpperCase()}` : k, ...init });
const selected = (el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd);

async function quickOpen(query: string, name: string): Promise<HTMLTextAreaElement> {
  key('p', { ctrlKey: true });
  const input = await screen.findByRole('combobox', { name: 'Go to File' });
  fireEvent.change(input, { target: { value: query } });
  await waitFor(() => expect(screen.getAllByRole('option')[0]?.querySelector('.quick-pick-label')?.textContent).toBe(name));
  key('Enter');
  return (await screen.findByRole('textbox', { name: `${name} editor` })) as HTMLTextAreaElement;
}

function caret(editor: HTMLTextAreaElement, line: number, column: number): void {
  const offset = editor.value.split('\n').slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  editor.focus();
  editor.setSelectionRange(offset, offset);
  fireEvent.select(editor);
}

describe('index features ⇄ real host', () => {
  it('quick open, go to definition across files, references, and workspace symbols', async () => {
    await renderIndexedWorkbench();
    const main = await quickOpen('mai', 'main.ts');
    expect(main.value).toContain('new Circle()');

    caret(main, 2, 16);
    key('F12');
    const shapes = (await screen.findByRole('textbox', { name: 'shapes.ts editor' })) as HTMLTextAreaElement;
    await waitFor(() => expect(selected(shapes)).toBe('Circle'));
    expect(shapes.value.slice(0, shapes.selectionStart)).toBe('export class ');

    caret(shapes, 1, 15);
    key('F12', { shiftKey: true });
    const refs = await screen.findByRole('tree', { name: 'References' });
    await waitFor(() => expect(within(refs).queryAllByRole('treeitem').length).toBeGreaterThan(0));
    expect(within(refs).getAllByRole('treeitem').map((r) => r.getAttribute('aria-label'))).toEqual([
      'src/main.ts, 2 references',
      'line 1:10, import',
      'line 2:15, class',
      'src/shapes.ts, 1 reference',
      'line 1:14, definition',
    ]);

    key('t', { ctrlKey: true });
    const symbols = await screen.findByRole('combobox', { name: 'Go to Symbol in Workspace' });
    fireEvent.change(symbols, { target: { value: 'grow' } });
    await waitFor(() => expect(screen.getAllByRole('option')[0]?.textContent).toContain('Circle · src/shapes.ts:5'));
    key('Enter');
    await waitFor(() => expect(selected(shapes)).toBe('grow'));
  });

  it('find in files streams results grouped by file and opens at the line; the outline lists the class’s methods', async () => {
    await renderIndexedWorkbench();
    key('f', { ctrlKey: true, shiftKey: true });
    const input = await screen.findByRole('textbox', { name: 'Search' });
    fireEvent.change(input, { target: { value: 'Circle' } });
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('search-summary').textContent).toBe('4 results in 3 files'));
    const results = screen.getByRole('tree', { name: 'Search results' });
    const hit = within(results).getByRole('treeitem', { name: 'line 2: const c = new Circle();' });
    fireEvent.click(hit);
    const main = (await screen.findByRole('textbox', { name: 'main.ts editor' })) as HTMLTextAreaElement;
    await waitFor(() => expect(selected(main)).toBe('Circle'));
    expect(main.value.slice(0, main.selectionStart)).toBe('import { Circle } from "./shapes";\nconst c = new ');

    await quickOpen('shapes', 'shapes.ts');
    fireEvent.click(screen.getByRole('tab', { name: 'Outline' }));
    const outline = await screen.findByRole('tree', { name: 'Outline' });
    await waitFor(() => expect(within(outline).getAllByRole('treeitem').map((r) => r.getAttribute('aria-label'))).toEqual(['Circle, class', 'area, method', 'grow, method']));
  });
});
