import { describe, expect, it } from 'vitest';
import { createWindowOptions, DARK_BACKGROUND, LIGHT_BACKGROUND } from './windowOptions.js';

const base = { preloadPath: '/app/dist/preload/preload.cjs', darkTheme: false, isPackaged: true };

describe('createWindowOptions', () => {
  it('locks the renderer down', () => {
    const web = createWindowOptions(base).webPreferences!;
    expect(web).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('allows dev tools only in unpackaged builds', () => {
    expect(createWindowOptions({ ...base, isPackaged: false }).webPreferences!.devTools).toBe(true);
  });

  it('follows the OS theme and starts hidden at a usable size', () => {
    expect(createWindowOptions({ ...base, darkTheme: true }).backgroundColor).toBe(DARK_BACKGROUND);
    const light = createWindowOptions(base);
    expect(light.backgroundColor).toBe(LIGHT_BACKGROUND);
    expect(light.show).toBe(false);
    expect(light.width).toBeGreaterThanOrEqual(1024);
    expect(light.minWidth).toBeLessThan(light.width!);
  });
});
