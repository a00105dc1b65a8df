import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  /** nativeTheme.shouldUseDarkColors, so the first frame matches the OS and does not flash. */
  darkTheme: boolean;
  /** Packaged builds have no dev tools at all, not just no menu item for them. */
  isPackaged: boolean;
}

export const DARK_BACKGROUND = '#1e1e1e';
export const LIGHT_BACKGROUND = '#ffffff';

export function backgroundColorFor(darkTheme: boolean): string {
  return darkTheme ? DARK_BACKGROUND : LIGHT_BACKGROUND;
}

/** The one place the renderer's privileges are decided; every value here is a security choice. */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'MarieIDE',
    width: 1280,
    height: 800,
    minWidth: 640,
    minHeight: 400,
    show: false, // shown on 'ready-to-show', so the user never sees an empty frame
    backgroundColor: backgroundColorFor(input.darkTheme),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !input.isPackaged,
    },
  };
}
