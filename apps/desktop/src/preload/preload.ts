/**
 * The sandboxed preload. Sandboxed preloads run as a classic script whose `require` knows
 * only a few built-ins such as 'electron', so this file is bundled (scripts/build-preload.mjs)
 * into one CommonJS file, dist/preload/preload.cjs, with 'electron' as its only require.
 * The .js tsc also emits next to it is unused.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_KEY } from '@marie/protocol';
import { createDesktopBridge, forwardHostPorts, type PreloadWindow } from './bridge.js';

declare const window: PreloadWindow;

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, createDesktopBridge(ipcRenderer, process.platform));
forwardHostPorts(ipcRenderer, window);
