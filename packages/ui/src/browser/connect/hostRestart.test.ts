import { describe, expect, it } from 'vitest';
import { createStringBuffer } from '@marie/editor-core';
import { createMemoryTransportPair, RpcServer, workspaceContract } from '@marie/protocol';
import { Workbench } from '../../common/index.js';
import { InMemoryWorkspaceForTests } from '../../common/inMemoryWorkspace.test-support.js';
import { HostSession } from './hostSession.js';

/** A host process serving `ws`; returns the page's end of its transport. */
function serve(ws: InMemoryWorkspaceForTests) {
  const [page, host] = createMemoryTransportPair();
  new RpcServer(host).register(workspaceContract, ws);
  return page;
}

const settle = () => new Promise((r) => setTimeout(r, 80));

describe('a desktop host restart under a running workbench', () => {
  it('keeps unsaved edits, catches up with the disk and follows the new host', async () => {
    const session = new HostSession(() => {});
    const before = new InMemoryWorkspaceForTests({ '/w/a.txt': 'a', '/w/b.txt': 'b' });
    session.attach(serve(before));
    const workbench = new Workbench({ workspace: session.service(workspaceContract), createBuffer: createStringBuffer });
    workbench.start();
    await settle();
    await workbench.editors.open('/w/a.txt', { preview: false });
    await workbench.editors.open('/w/b.txt', { preview: false });
    workbench.editors.buffer('/w/a.txt')!.setText('unsaved', '\n');

    // The crashed host's disk moved on while it was down: b.txt changed, c.txt appeared.
    const after = new InMemoryWorkspaceForTests({ '/w/a.txt': 'a', '/w/b.txt': 'b', '/w/c.txt': 'new' });
    after.externalWrite('/w/b.txt', 'b, changed meanwhile');
    session.attach(serve(after));
    workbench.hostRestarted();
    await settle();

    const names = () => workbench.explorer.store.getState().rows.flatMap((r) => (r.kind === 'node' ? [r.node.name] : []));
    expect(names()).toEqual(['w', 'a.txt', 'b.txt', 'c.txt']);
    const docs = workbench.editors.store.getState().docs;
    expect(docs['/w/a.txt']).toMatchObject({ kind: 'text', dirty: true });
    expect(workbench.editors.buffer('/w/b.txt')!.getText()).toBe('b, changed meanwhile');

    // Watcher events come from the new host now.
    after.externalWrite('/w/d.txt', 'd');
    await settle();
    expect(names()).toContain('d.txt');

    // And saving reaches it.
    await workbench.editors.save('/w/a.txt');
    expect(after.content('/w/a.txt')).toBe('unsaved');
    expect(before.content('/w/a.txt')).toBe('a');
    workbench.dispose();
  });
});
