/**
 * Electron main: lifecycle and wiring only. Every decision lives in a pure module next to
 * this file (window options, asset resolution, navigation, IPC validation, menu).
 */
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, type IpcMainEvent } from 'electron';
import { IPC_REQUEST_HOST_PORT, type CommandId } from '@marie/protocol';
import { rendererDir } from '@marie/ui/renderer';
import { logLine } from '../node/log.js';
import { MENU_COMMAND_CHANNEL } from '../common/menuCommands.js';
import { APP_ENTRY_URL } from './appOrigin.js';
import { registerAppScheme, serveAppAssets } from './appProtocolHandler.js';
import { folderArgument } from './commandLine.js';
import { guardSession, guardWebContents } from './hardening.js';
import { HostSupervisor } from './hostSupervisor.js';
import { validatePortRequest, type PortRequest } from './ipcValidation.js';
import { buildMenuModel, isHandledInMain } from './menuModel.js';
import { toMenuTemplate } from './menuTemplate.js';
import { checkForUpdatesUnderPolicy } from './updatePolicy.js';
import { backgroundColorFor, createWindowOptions } from './windowOptions.js';

const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const hostEntry = fileURLToPath(new URL('../host/hostProcess.js', import.meta.url));
const log = (message: string) => logLine('main', message);

// Both must happen before 'ready'.
app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) app.quit();
else void run();

async function run(): Promise<void> {
  /** webContents ids of the windows we created: the only ones that may ask for a host port. */
  const ours = new Set<number>();
  let mainWindow: BrowserWindow | undefined;

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  const initialFolder = folderArgument(process.argv, process.cwd(), app.isPackaged);
  const roots = initialFolder && (await isDirectory(initialFolder)) ? [initialFolder] : [];
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('com.marieide.MarieIDE');
  guardSession(session.defaultSession);
  serveAppAssets(rendererDir);

  const host = new HostSupervisor({
    entry: hostEntry,
    roots,
    log,
    onGaveUp: () => dialog.showErrorBox('MarieIDE', 'The workspace host stopped unexpectedly several times and was not restarted. Restart MarieIDE to continue.'),
  });
  host.start();
  app.on('will-quit', () => host.stop());

  // Electron emits this only after 'ready', so the host exists by then.
  app.on('second-instance', (_event, argv, cwd) => {
    const window = mainWindow ?? createWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
    const folder = folderArgument(argv, cwd, app.isPackaged);
    if (folder) void isDirectory(folder).then((yes) => yes && host.openFolder(folder));
  });

  ipcMain.on(IPC_REQUEST_HOST_PORT, (event, ...args: unknown[]) => {
    const verdict = validatePortRequest(describeRequest(event, args, ours));
    if (verdict.ok) host.connect(event.sender);
    else log(`refused a host port request: ${verdict.reason}`);
  });

  const runCommand = (id: CommandId) => {
    if (isHandledInMain(id)) return void chooseFolder();
    const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
    if (target && ours.has(target.webContents.id)) target.webContents.send(MENU_COMMAND_CHANNEL, id);
  };
  const menu = buildMenuModel({ platform: process.platform, isPackaged: app.isPackaged, appName: app.name });
  Menu.setApplicationMenu(Menu.buildFromTemplate(toMenuTemplate(menu, { platform: process.platform, runCommand })));

  nativeTheme.on('updated', () => mainWindow?.setBackgroundColor(backgroundColorFor(nativeTheme.shouldUseDarkColors)));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  createWindow();
  if (app.isPackaged) void checkForUpdatesUnderPolicy(log);

  function createWindow(): BrowserWindow {
    const window = new BrowserWindow(createWindowOptions({ preloadPath, darkTheme: nativeTheme.shouldUseDarkColors, isPackaged: app.isPackaged }));
    const id = window.webContents.id;
    ours.add(id);
    mainWindow = window;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      ours.delete(id);
      if (mainWindow === window) mainWindow = undefined;
    });
    void window.loadURL(APP_ENTRY_URL);
    return window;
  }

  async function chooseFolder(): Promise<void> {
    const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const options = { title: 'Open Folder', properties: ['openDirectory', 'createDirectory'] } satisfies Electron.OpenDialogOptions;
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    const folder = result.canceled ? undefined : result.filePaths[0];
    if (folder) host.openFolder(folder);
  }
}

/** The facts ipcValidation needs. A frame that is already gone throws on access: refuse it. */
function describeRequest(event: IpcMainEvent, args: unknown[], ours: ReadonlySet<number>): PortRequest {
  try {
    const frame = event.senderFrame;
    return { frameUrl: frame?.url, isMainFrame: frame?.parent === null, fromOurWindow: ours.has(event.sender.id), args };
  } catch {
    return { frameUrl: undefined, isMainFrame: false, fromOurWindow: false, args };
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
