/** The one thing we call on electron-updater's autoUpdater. */
export interface Updater {
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export interface AutoUpdateOptions {
  /** app.isPackaged: unpackaged builds have no app-update.yml and nothing to update. */
  isPackaged: boolean;
  log(message: string): void;
  /** Injected by tests; loads electron-updater only when it will be used. */
  load?: () => Promise<Updater>;
}

// electron-updater is CommonJS and reads `electron` at load time, so it is imported
// lazily: unpackaged runs and unit tests never load it. The feed URL comes from the
// app-update.yml electron-builder writes from `publish` in electron-builder.yml.
const loadElectronUpdater = async (): Promise<Updater> => (await import('electron-updater')).default.autoUpdater;

/** Checks the update feed once and lets electron-updater notify the user. Never throws. */
export async function startAutoUpdates(options: AutoUpdateOptions): Promise<'skipped' | 'checked' | 'failed'> {
  if (!options.isPackaged) return 'skipped';
  try {
    const updater = await (options.load ?? loadElectronUpdater)();
    await updater.checkForUpdatesAndNotify();
    return 'checked';
  } catch (error) {
    // An unreachable feed must never stop the IDE from starting.
    options.log(`update check failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}
