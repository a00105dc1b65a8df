import { ErrorCode, RpcError } from '@marie/protocol';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { findTreeItem, openFromExplorer, renderApp, shortcut, typeInto } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

const files = { '/w/a.txt': 'one\ntwo\n', '/w/crlf.txt': 'x\r\ny\r\n' };
const value = (el: HTMLElement) => (el as HTMLTextAreaElement).value;

describe('editor area', () => {
  it('dirty + changed on disk: conflict bar; Keep mine overwrites', async () => {
    const { ws } = await renderApp(files);
    const editor = await openFromExplorer('a.txt');
    typeInto(editor, 'mine\n');
    ws.externalWrite('/w/a.txt', 'theirs\n');
    const bar = await screen.findByTestId('conflict-bar');
    expect(bar.getAttribute('role')).toBe('alert');
    fireEvent.click(within(bar).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(screen.queryByTestId('conflict-bar')).toBeNull());
    expect(ws.content('/w/a.txt')).toBe('mine\n');
    expect(screen.getByRole('tab', { name: 'a.txt' })).toBeTruthy();
  });

  it('Take theirs reloads; Compare shows both sides with a way back', async () => {
    const { ws } = await renderApp(files);
    typeInto(await openFromExplorer('a.txt'), 'mine\n');
    ws.externalWrite('/w/a.txt', 'theirs\n');
    const bar = await screen.findByTestId('conflict-bar');

    fireEvent.click(within(bar).getByRole('button', { name: 'Compare' }));
    const compare = await screen.findByTestId('compare-editor');
    expect(value(within(compare).getByRole('textbox', { name: 'a.txt on disk' }))).toBe('theirs\n');
    expect(value(within(compare).getByRole('textbox', { name: 'a.txt (mine)' }))).toBe('mine\n');
    fireEvent.click(screen.getByRole('button', { name: 'Back to editor' }));
    await screen.findByRole('textbox', { name: 'a.txt editor' });

    fireEvent.click(within(screen.getByTestId('conflict-bar')).getByRole('button', { name: 'Take theirs' }));
    await waitFor(() => expect(screen.queryByTestId('conflict-bar')).toBeNull());
    expect(value(screen.getByRole('textbox', { name: 'a.txt editor' }))).toBe('theirs\n');
    expect(screen.getByRole('tab', { name: 'a.txt' }).getAttribute('data-dirty')).toBe('false');
  });

  it('clean + changed on disk reloads silently', async () => {
    const { ws } = await renderApp(files);
    const editor = await openFromExplorer('a.txt');
    ws.externalWrite('/w/a.txt', 'fresh\n');
    await waitFor(() => expect(value(editor)).toBe('fresh\n'));
    expect(screen.queryByTestId('conflict-bar')).toBeNull();
    expect(screen.getByRole('tab', { name: 'a.txt' })).toBeTruthy();
  });

  it('deleted on disk shows a banner; saving recreates the file', async () => {
    const { ws } = await renderApp(files);
    const editor = await openFromExplorer('a.txt');
    ws.externalDelete('/w/a.txt');
    expect((await screen.findByTestId('banner-deleted')).textContent).toBe('This file was deleted on disk. Save to recreate it.');
    editor.focus();
    shortcut('s');
    await waitFor(() => expect(screen.queryByTestId('banner-deleted')).toBeNull());
    expect(ws.content('/w/a.txt')).toBe('one\ntwo\n');
  });

  it('a failed save notifies and keeps the edits dirty', async () => {
    const { ws } = await renderApp(files);
    const editor = await openFromExplorer('a.txt');
    typeInto(editor, 'precious\n');
    ws.failNextWrite = new RpcError(ErrorCode.DiskFull, 'The disk is full');
    shortcut('s');
    const note = await screen.findByTestId('notification');
    expect(note.textContent).toContain('Could not save a.txt: The disk is full');
    expect(screen.getByRole('tab', { name: 'a.txt (unsaved)' })).toBeTruthy();
    expect(value(editor)).toBe('precious\n');
  });

  it('binary files show a placeholder; large files open read-only with a banner', async () => {
    await renderApp(files, {
      setup: (ws) => {
        ws.addFile('/w/logo.png', '', { binary: true });
        ws.addFile('/w/huge.log', 'lots', { large: true });
      },
    });
    fireEvent.doubleClick(await findTreeItem('logo.png'));
    expect((await screen.findByTestId('binary-placeholder')).textContent).toBe('This file is binary and cannot be displayed.');
    await openFromExplorer('huge.log');
    expect((await screen.findByTestId('banner-large')).textContent).toBe('This file is larger than 20 MB and was opened read-only with reduced features.');
    expect((screen.getByRole('textbox', { name: 'huge.log editor' }) as HTMLTextAreaElement).readOnly).toBe(true);
  });

  it('the status bar shows language, position, encoding and line endings', async () => {
    await renderApp(files);
    const editor = (await openFromExplorer('crlf.txt')) as HTMLTextAreaElement;
    expect(screen.getByTestId('status-language').textContent).toBe('Plain Text');
    expect(screen.getByTestId('status-encoding').textContent).toBe('UTF-8');
    expect(screen.getByTestId('status-eol').textContent).toBe('CRLF');
    // The textarea shows CRLF as LF: offset 3 is after "x\ny".
    editor.setSelectionRange(3, 3);
    fireEvent.select(editor);
    expect(screen.getByTestId('status-position').textContent).toBe('Ln 2, Col 2');
    await openFromExplorer('a.txt');
    expect(screen.getByTestId('status-eol').textContent).toBe('LF');
  });
});
