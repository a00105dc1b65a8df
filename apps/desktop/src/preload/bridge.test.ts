import { commands, HOST_PORT_MESSAGE, IPC_REQUEST_HOST_PORT } from '@marie/protocol';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMAND_CHANNEL } from '../common/menuCommands.js';
import { createDesktopBridge, forwardHostPorts, type PreloadIpc } from './bridge.js';

type Listener = Parameters<PreloadIpc['on']>[1];

function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    send: vi.fn(),
    on: (channel: string, l: Listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel: string, l: Listener) => listeners.get(channel)?.delete(l),
  } satisfies PreloadIpc;
  const emit = (channel: string, event: { ports?: unknown[] }, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l(event, ...args));
  return { ipc, emit, listeners };
}

describe('desktop bridge', () => {
  it('exposes exactly requestHostPort, platform and onCommand', () => {
    const bridge = createDesktopBridge(fakeIpc().ipc, 'linux');
    expect(Object.keys(bridge).sort()).toEqual(['onCommand', 'platform', 'requestHostPort']);
    expect(bridge.platform).toBe('linux');
  });

  it('requests a port on the protocol channel, with no arguments', () => {
    const { ipc } = fakeIpc();
    const bridge = createDesktopBridge(ipc, 'linux');
    (bridge.requestHostPort as (...args: unknown[]) => void)('/etc', { evil: true });
    expect(ipc.send).toHaveBeenCalledExactlyOnceWith(IPC_REQUEST_HOST_PORT);
  });

  it('passes only known command ids, never the IPC event', () => {
    const { ipc, emit } = fakeIpc();
    const seen: unknown[][] = [];
    const unsubscribe = createDesktopBridge(ipc, 'linux').onCommand((...args) => seen.push(args));
    for (const id of Object.keys(commands)) emit(MENU_COMMAND_CHANNEL, { ports: [] }, id);
    for (const bad of ['rm -rf', 'toString', '__proto__', 'hasOwnProperty', 42, null, { id: 'save' }]) emit(MENU_COMMAND_CHANNEL, {}, bad);
    expect(seen).toEqual(Object.keys(commands).map((id) => [id]));
    unsubscribe();
    emit(MENU_COMMAND_CHANNEL, {}, 'save');
    expect(seen).toHaveLength(Object.keys(commands).length);
  });

  it('forwards exactly one port to the page, addressed to its own origin', () => {
    const { ipc, emit } = fakeIpc();
    const page = { location: { origin: 'marie-app://workbench' }, postMessage: vi.fn() };
    forwardHostPorts(ipc, page);
    const port = { name: 'port2' };
    emit(HOST_PORT_MESSAGE, { ports: [port] });
    expect(page.postMessage).toHaveBeenCalledExactlyOnceWith(HOST_PORT_MESSAGE, 'marie-app://workbench', [port]);
    emit(HOST_PORT_MESSAGE, { ports: [] });
    emit(HOST_PORT_MESSAGE, { ports: [port, port] });
    expect(page.postMessage).toHaveBeenCalledTimes(1);
  });
});
