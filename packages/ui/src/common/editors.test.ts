import { describe, expect, it } from 'vitest';
import { createStringBuffer } from '@marie/editor-core';
import { ErrorCode, RpcError } from '@marie/protocol';
import { Dialogs } from './dialogs.js';
import { Editors } from './editors.js';
import { InMemoryWorkspaceForTests } from './inMemoryWorkspace.test-support.js';
import { Notifications } from './notifications.js';

function setup() {
  const ws = new InMemoryWorkspaceForTests({ '/w/a.txt': 'a', '/w/b.txt': 'b' });
  const dialogs = new Dialogs();
  const notifications = new Notifications();
  const editors = new Editors({ workspace: ws, createBuffer: createStringBuffer, dialogs, notifications });
  return { ws, dialogs, notifications, editors };
}

describe('Editors', () => {
  it('a replaced preview closes its document', async () => {
    const { editors } = setup();
    await editors.open('/w/a.txt', { preview: true });
    await editors.open('/w/b.txt', { preview: true });
    expect(editors.documents.openPaths).toEqual(['/w/b.txt']);
    expect(Object.keys(editors.store.getState().docs)).toEqual(['/w/b.txt']);
  });

  it('closing a dirty document waits for the answer; a failed save keeps it open', async () => {
    const { editors, dialogs, ws, notifications } = setup();
    await editors.open('/w/a.txt', { preview: false });
    editors.buffer('/w/a.txt')!.setText('edited', '\n');
    ws.failNextWrite = new RpcError(ErrorCode.PermissionDenied, 'Permission denied');
    const closing = editors.close('/w/a.txt');
    const [dialog] = dialogs.store.getState().queue;
    dialogs.answer(dialog!.id, 'save');
    expect(await closing).toBe(false);
    expect(editors.store.getState().tabs.tabs).toHaveLength(1);
    expect(notifications.store.getState().items.at(-1)?.message).toBe('Could not save a.txt: Permission denied');
  });

  it('openAt asks the editor to reveal a range once; a file that cannot open drops the request', async () => {
    const { editors } = setup();
    const range = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 };
    await editors.openAt('/w/a.txt', range);
    expect(editors.store.getState().reveal).toEqual({ path: '/w/a.txt', range });
    editors.revealed();
    expect(editors.store.getState().reveal).toBeUndefined();
    await editors.openAt('/w/missing.txt', range);
    expect(editors.store.getState().reveal).toBeUndefined();
  });
});
