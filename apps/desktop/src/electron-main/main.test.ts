import { HOST_PORT_MESSAGE, IPC_REQUEST_HOST_PORT } from '@marie/protocol';
import type { MenuItemConstructorOptions } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// A smoke test of main's wiring against a stand-in for the 'electron' module: it checks
// the order of start-up, the window it creates, and that ports, commands and trash
// requests flow through the validators. The decisions themselves are tested elsewhere.
const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const calls: string[] = [];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let nextId = 1;
  const makeContents = () =>
    Object.assign(new EventEmitter(), {
      id: nextId++,
      postMessage: vi.fn(),
      send: vi.fn(),
      isDestroyed: () => false,
      setWindowOpenHandler: vi.fn(),
    });
  class BrowserWindow extends EventEmitter {
    static readonly all: BrowserWindow[] = [];
    static getFocusedWindow = () => undefined;
    static getAllWindows = () => BrowserWindow.all;
    readonly webContents = makeContents();
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    setBackgroundColor = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      BrowserWindow.all.push(this);
    }
  }
  const children: (InstanceType<typeof EventEmitter> & { postMessage: ReturnType<typeof vi.fn>; kill: ReturnType<typeof vi.fn> })[] = [];
  return {
    calls,
    markReady,
    children,
    makeContents,
    electron: {
      app: Object.assign(new EventEmitter(), {
        isPackaged: false,
        name: 'MarieIDE',
        enableSandbox: vi.fn(() => calls.push('enableSandbox')),
        requestSingleInstanceLock: vi.fn(() => (calls.push('lock'), true)),
        quit: vi.fn(),
        whenReady: () => ready,
        setAppUserModelId: vi.fn(),
      }),
      protocol: { registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemes')), handle: vi.fn(() => calls.push('handle')) },
      session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
      BrowserWindow,
      Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
      ipcMain: new EventEmitter(),
      nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: true }),
      dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
      shell: { openExternal: vi.fn(), trashItem: vi.fn(async () => {}) },
      utilityProcess: {
        fork: vi.fn(() => {
          const child = Object.assign(new EventEmitter(), { postMessage: vi.fn(), kill: vi.fn() });
          children.push(child);
          return child;
        }),
      },
      MessageChannelMain: class {
        port1 = { name: 'port1' };
        port2 = { name: 'port2' };
      },
    },
  };
});
vi.mock('electron', () => fake.electron);

const { app, BrowserWindow, ipcMain, Menu, protocol, shell, utilityProcess } = fake.electron;
const tick = () => new Promise((r) => setTimeout(r, 10));

describe('electron main wiring', () => {
  let window: InstanceType<typeof BrowserWindow>;
  const child = () => fake.children.at(-1)!;
  const request = (senderFrame: unknown, ...args: unknown[]) => ipcMain.emit(IPC_REQUEST_HOST_PORT, { sender: window.webContents, senderFrame }, ...args);
  const appFrame = { url: 'marie-app://workbench/index.html', parent: null };

  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

  beforeAll(async () => {
    const argv = process.argv;
    process.argv = [process.execPath, '/app']; // no folder argument
    await import('./main.js');
    process.argv = argv;
    expect(fake.calls).toEqual(['enableSandbox', 'registerSchemes', 'lock']);
    fake.markReady();
    await tick();
    window = BrowserWindow.all[0]!;
  });

  it('serves the app scheme and opens one locked-down window on it', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'marie-app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(protocol.handle).toHaveBeenCalledWith('marie-app', expect.any(Function));
    expect(BrowserWindow.all).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: expect.stringMatching(/preload[/\\]preload\.cjs$/) });
    expect(window.loadURL).toHaveBeenCalledWith('marie-app://workbench/index.html');
  });

  it('starts the host and hands a validated renderer a port to it', () => {
    expect(utilityProcess.fork).toHaveBeenCalledWith(expect.stringMatching(/host[/\\]hostProcess\.js$/), [], expect.any(Object));
    expect(child().postMessage).toHaveBeenCalledWith({ type: 'start', roots: [] });
    request(appFrame);
    expect(child().postMessage).toHaveBeenLastCalledWith({ type: 'connect', client: window.webContents.id }, [{ name: 'port1' }]);
    expect(window.webContents.postMessage).toHaveBeenCalledExactlyOnceWith(HOST_PORT_MESSAGE, null, [{ name: 'port2' }]);
  });

  it('refuses foreign frames, subframes and arguments', () => {
    const before = window.webContents.postMessage.mock.calls.length;
    request({ url: 'https://evil.example/', parent: null });
    request({ url: appFrame.url, parent: {} });
    request(appFrame, { roots: ['/'] });
    request(null);
    expect(window.webContents.postMessage.mock.calls.length).toBe(before);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('refused a host port request: sender frame is not on the app origin'));
  });

  it('guards every webContents', () => {
    const contents = fake.makeContents();
    app.emit('web-contents-created', {}, contents);
    const preventDefault = vi.fn();
    contents.emit('will-navigate', { url: 'https://evil.example/', preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    const open = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(open({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('sends menu commands to the window', () => {
    const template = Menu.setApplicationMenu.mock.calls[0]![0] as MenuItemConstructorOptions[];
    const file = template.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[];
    (file.find((i) => i.id === 'save')!.click as () => void)();
    expect(window.webContents.send).toHaveBeenCalledWith('marie:command', 'save');
  });

  it('trashes only inside the roots the host reported', async () => {
    child().emit('message', { type: 'roots', roots: ['/w'] });
    child().emit('message', { type: 'trash', id: 1, path: '/etc/passwd' });
    child().emit('message', { type: 'trash', id: 2, path: '/w/a.txt' });
    await tick();
    expect(shell.trashItem).toHaveBeenCalledExactlyOnceWith('/w/a.txt');
    expect(child().postMessage).toHaveBeenCalledWith({ type: 'trash-result', id: 1, error: expect.stringMatching(/refused/) });
    expect(child().postMessage).toHaveBeenCalledWith({ type: 'trash-result', id: 2 });
  });

  it('restarts a crashed host and gives the renderer a fresh port', async () => {
    const crashed = child();
    crashed.emit('exit', 1);
    await new Promise((r) => setTimeout(r, 700));
    expect(child()).not.toBe(crashed);
    expect(child().postMessage).toHaveBeenCalledWith({ type: 'start', roots: ['/w'] });
    expect(child().postMessage).toHaveBeenCalledWith({ type: 'connect', client: window.webContents.id }, [{ name: 'port1' }]);
    expect(window.webContents.postMessage).toHaveBeenCalledTimes(2);
  });
});
