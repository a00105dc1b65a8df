import { afterEach, describe, expect, it } from 'vitest';
import { HOST_PORT_MESSAGE, RpcClient, RpcServer, workspaceContract, createMessagePortTransport, type IWorkspaceService, type Transport } from '@marie/protocol';
import { connectDesktop, hostPortOf, type PortWindow } from './desktopTransport.js';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));

/** A host at the far end of a new channel; the near port is what main posts to the page. */
function hostPort(name: string): MessagePort {
  const channel = new MessageChannel();
  channels.push(channel);
  new RpcServer(createMessagePortTransport(channel.port2)).register(workspaceContract, {
    getRoots: () => Promise.resolve([{ path: `/${name}`, name }]),
  } as unknown as IWorkspaceService);
  return channel.port1;
}

function fakeWindow() {
  const target = new EventTarget() as EventTarget & PortWindow;
  const post = (data: unknown, ports: MessagePort[], source: unknown = null) => target.dispatchEvent(new MessageEvent('message', { data, ports, source: source as MessageEventSource | null }));
  return { target, post };
}

const roots = (t: Transport) => new RpcClient(t).getProxy(workspaceContract).getRoots({});

describe('the desktop port handshake', () => {
  it('accepts only HOST_PORT_MESSAGE with a port from its own window', () => {
    const self = {};
    const port = hostPort('h');
    expect(hostPortOf({ data: HOST_PORT_MESSAGE, ports: [port], source: null }, self)).toBe(port);
    expect(hostPortOf({ data: HOST_PORT_MESSAGE, ports: [port], source: self as MessageEventSource }, self)).toBe(port);
    expect(hostPortOf({ data: 'something else', ports: [port], source: null }, self)).toBeUndefined();
    expect(hostPortOf({ data: HOST_PORT_MESSAGE, ports: [], source: null }, self)).toBeUndefined();
    expect(hostPortOf({ data: HOST_PORT_MESSAGE, ports: [port], source: {} as MessageEventSource }, self)).toBeUndefined();
  });

  it('connects with the first port and hands every later one over as a restarted host', async () => {
    const { target, post } = fakeWindow();
    const restarted: Transport[] = [];
    let requested = 0;
    const connecting = connectDesktop({ platform: 'linux', requestHostPort: () => void requested++ }, (t) => restarted.push(t), 1000, target);
    expect(requested).toBe(1);
    post('not ours', [hostPort('ignored')]);
    post(HOST_PORT_MESSAGE, [hostPort('first')]);
    const first = await connecting;
    expect(await roots(first)).toEqual([{ path: '/first', name: 'first' }]);
    expect(restarted).toEqual([]);

    post(HOST_PORT_MESSAGE, [hostPort('second')]);
    expect(restarted).toHaveLength(1);
    expect(await roots(restarted[0]!)).toEqual([{ path: '/second', name: 'second' }]);
  });

  it('gives up when no port arrives', async () => {
    const { target } = fakeWindow();
    await expect(connectDesktop({ platform: 'linux', requestHostPort() {} }, () => {}, 10, target)).rejects.toThrow('did not answer');
  });
});
