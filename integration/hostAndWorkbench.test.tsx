// The real host (createHost + WorkspaceService on real files) and the real workbench,
// joined by the in-memory transport, which serializes every message like a wire.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '@marie/host';
import { createMemoryTransportPair, RpcClient, workspaceContract } from '@marie/protocol';
import { App, plainTextKit } from '@marie/ui';

let folder: string;
let host: Host;
let client: RpcClient;

beforeEach(async () => {
  folder = realpathSync(mkdtempSync(join(tmpdir(), 'marie-int-')));
  mkdirSync(join(folder, 'src'));
  writeFileSync(join(folder, 'src', 'a.ts'), 'const a = 1;\r\n');
  writeFileSync(join(folder, 'b.txt'), 'bee\n');
  host = await createHost({ roots: [folder], policy: { engine: { env: { MARIE_POLICY_ROOT: join(folder, '..', 'no-policy-here') }, watch: false } } });
  const [hostEnd, uiEnd] = createMemoryTransportPair();
  host.connect(hostEnd);
  client = new RpcClient(uiEnd);
});

afterEach(() => {
  cleanup();
  client.dispose();
  host.dispose();
  rmSync(folder, { recursive: true, force: true });
});

function renderWorkbench() {
  render(<App workspace={client.getProxy(workspaceContract)} editorKit={plainTextKit} />);
  return screen.findByRole('tree', { name: 'Explorer' });
}

describe('host ⇄ workbench over the in-memory transport', () => {
  it('lists the real folder, opens a file, saves an edit to disk keeping its CRLF line endings', async () => {
    const tree = await renderWorkbench();
    fireEvent.click(await within(tree).findByRole('treeitem', { name: 'src' }));
    const file = await within(tree).findByRole('treeitem', { name: 'a.ts' });
    fireEvent.doubleClick(file);
    const editor = (await screen.findByRole('textbox', { name: 'a.ts editor' })) as HTMLTextAreaElement;
    expect(editor.value.replace(/\r\n/g, '\n')).toBe('const a = 1;\n');
    expect(screen.getByTestId('status-eol').textContent).toBe('CRLF');
    fireEvent.change(editor, { target: { value: 'const a = 2;\n' } });
    editor.focus();
    fireEvent.keyDown(editor, { key: 's', code: 'KeyS', ctrlKey: true });
    await waitFor(() => expect(readFileSync(join(folder, 'src', 'a.ts'), 'utf8')).toBe('const a = 2;\r\n'));
    await waitFor(() => expect(screen.getByRole('tab', { name: 'a.ts' }).getAttribute('data-dirty')).toBe('false'));
  });

  it('a failed save keeps the edits and tells the user why', async () => {
    const tree = await renderWorkbench();
    fireEvent.doubleClick(await within(tree).findByRole('treeitem', { name: 'b.txt' }));
    const editor = (await screen.findByRole('textbox', { name: 'b.txt editor' })) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: 'edited\n' } });
    // Replace the file's folder entry with a directory of the same name: the rename must fail.
    rmSync(join(folder, 'b.txt'));
    mkdirSync(join(folder, 'b.txt'));
    writeFileSync(join(folder, 'b.txt', 'keep'), 'x');
    editor.focus();
    fireEvent.keyDown(editor, { key: 's', code: 'KeyS', ctrlKey: true });
    const note = await screen.findAllByTestId('notification');
    expect(note.at(-1)!.textContent).toMatch(/b\.txt|directory|folder/i);
    expect(editor.value).toBe('edited\n');
    expect(screen.getByRole('tab', { name: /b\.txt/ }).getAttribute('data-dirty')).toBe('true');
    expect(readFileSync(join(folder, 'b.txt', 'keep'), 'utf8')).toBe('x');
  });

  it('refuses a path outside the root with a stable code that reaches the client', async () => {
    const ws = client.getProxy(workspaceContract);
    await expect(ws.read({ path: `${folder}/../etc` })).rejects.toMatchObject({ code: 'E_PATH_INVALID' });
    await expect(ws.read({ path: '/etc/hostname' })).rejects.toMatchObject({ code: 'E_PATH_OUTSIDE_ROOT' });
    await act(async () => {});
  });
});
