import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair, Emitter, ErrorCode, RpcServer, workspaceContract, type IWorkspaceService, type Transport, type WorkspaceRoot } from '@marie/protocol';
import { HostSession, type HostState } from './hostSession.js';

/** One host process: a workspace service whose roots name it, behind its own transport. */
function fakeHost(name: string) {
  const [client, server] = createMemoryTransportPair();
  const rootsChanged = new Emitter<WorkspaceRoot[]>();
  let hang = false;
  const impl = {
    getRoots: () => (hang ? new Promise<never>(() => {}) : Promise.resolve([{ path: `/${name}`, name }])),
    onDidChangeRoots: rootsChanged.event,
  } as unknown as IWorkspaceService;
  new RpcServer(server).register(workspaceContract, impl);
  return { transport: client, rootsChanged, hangCalls: () => (hang = true), crash: () => server.close() };
}

function session() {
  const states: HostState[] = [];
  const s = new HostSession((state) => states.push(state));
  return { s, states, workspace: s.service(workspaceContract) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('HostSession', () => {
  it('talks to the host it was given', async () => {
    const { s, states, workspace } = session();
    s.attach(fakeHost('a').transport);
    expect(states).toEqual([{ kind: 'connected', generation: 1 }]);
    expect(await workspace.getRoots({})).toEqual([{ path: '/a', name: 'a' }]);
  });

  it('a second transport is a restarted host: same proxy, new host, no "lost" in between', async () => {
    const { s, states, workspace } = session();
    const first = fakeHost('first');
    s.attach(first.transport);
    first.hangCalls();
    const stuck = workspace.getRoots({});
    const restarted = fakeHost('restarted');
    s.attach(restarted.transport);
    // Calls to the dead host fail instead of hanging; the page is connected again.
    await expect(stuck).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    expect(states).toEqual([
      { kind: 'connected', generation: 1 },
      { kind: 'connected', generation: 2 },
    ]);
    expect(await workspace.getRoots({})).toEqual([{ path: '/restarted', name: 'restarted' }]);

    // Subscriptions made after the restart reach the new host.
    const seen: WorkspaceRoot[][] = [];
    workspace.onDidChangeRoots((r) => seen.push(r));
    await tick();
    restarted.rootsChanged.fire([{ path: '/x', name: 'x' }]);
    first.rootsChanged.fire([{ path: '/old', name: 'old' }]);
    await tick();
    expect(seen).toEqual([[{ path: '/x', name: 'x' }]]);
  });

  it('only the current transport closing means the host is lost', async () => {
    const { s, states } = session();
    const first = fakeHost('first');
    s.attach(first.transport);
    const second = fakeHost('second');
    s.attach(second.transport);
    first.crash();
    await tick();
    expect(states.at(-1)).toEqual({ kind: 'connected', generation: 2 });
    second.crash();
    await tick();
    expect(states.at(-1)).toEqual({ kind: 'lost' });
  });

  it('a port after the connection was lost reconnects instead of staying disconnected', async () => {
    const { s, states, workspace } = session();
    const first = fakeHost('first');
    s.attach(first.transport);
    first.crash();
    await tick();
    await expect(workspace.getRoots({})).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    s.attach(fakeHost('back').transport);
    expect(states.map((x) => x.kind)).toEqual(['connected', 'lost', 'connected']);
    expect(await workspace.getRoots({})).toEqual([{ path: '/back', name: 'back' }]);
  });

  it('reports why no host could be reached', async () => {
    const { s, states, workspace } = session();
    s.fail('The desktop host did not answer.');
    expect(states).toEqual([{ kind: 'lost', reason: 'The desktop host did not answer.' }]);
    await expect(workspace.getRoots({})).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    expect(() => workspace.onDidChangeRoots(() => {}).dispose()).not.toThrow();
  });

  it('closing a transport it never attached changes nothing', async () => {
    const { s, states } = session();
    const stray: Transport = fakeHost('stray').transport;
    s.attach(fakeHost('a').transport);
    stray.close();
    await tick();
    expect(states).toEqual([{ kind: 'connected', generation: 1 }]);
  });
});
