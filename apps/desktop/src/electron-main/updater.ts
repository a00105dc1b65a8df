/**
 * The part of electron-updater's autoUpdater we use. Downloads are never automatic:
 * the policy check sits between "an update exists" and "fetch it".
 */
export interface Updater {
  autoDownload: boolean;
  channel: string | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<{ updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
}

/** What the organisation's policy says about updates, read when the check starts. */
export interface UpdatePolicy {
  mode: 'off' | 'manual' | 'auto';
  channel: string;
  feedUrl: string | null;
  /** Throws (E_POLICY_DENIED, audited) when installing `version` is not allowed. */
  assertAllowed(version: string, options: { channel?: string; automatic?: boolean }): void;
}

export interface AutoUpdateOptions {
  /** app.isPackaged: unpackaged builds have no app-update.yml and nothing to update. */
  isPackaged: boolean;
  policy: UpdatePolicy;
  log(message: string): void;
  /** Injected by tests; loads electron-updater only when it will be used. */
  load?: () => Promise<Updater>;
}

export type UpdateOutcome = 'skipped' | 'disabled' | 'none' | 'available' | 'downloaded' | 'refused' | 'failed';

// electron-updater is CommonJS and reads `electron` at load time, so it is imported
// lazily: unpackaged runs and unit tests never load it. The default feed comes from the
// app-update.yml electron-builder writes from `publish` in electron-builder.yml.
const loadElectronUpdater = async (): Promise<Updater> => (await import('electron-updater')).default.autoUpdater as unknown as Updater;

/**
 * Checks the feed once, as policy allows: `UpdateMode` off never contacts the feed, the
 * feed URL and channel come from policy, and a found version outside the allowed range
 * is refused before anything is downloaded. `manual` reports the update and leaves the
 * download to the user. Never throws: an update problem must not stop the IDE.
 */
export async function startAutoUpdates(options: AutoUpdateOptions): Promise<UpdateOutcome> {
  if (!options.isPackaged) return 'skipped';
  const { policy } = options;
  if (policy.mode === 'off') return 'disabled';
  try {
    const updater = await (options.load ?? loadElectronUpdater)();
    updater.autoDownload = false;
    updater.channel = policy.channel;
    if (policy.feedUrl) updater.setFeedURL({ provider: 'generic', url: policy.feedUrl, channel: policy.channel });
    const found = await updater.checkForUpdates();
    const version = found?.updateInfo.version;
    if (!version) return 'none';
    const automatic = policy.mode === 'auto';
    try {
      policy.assertAllowed(version, { channel: policy.channel, automatic });
    } catch (denied) {
      options.log(`update to ${version} refused: ${denied instanceof Error ? denied.message : String(denied)}`);
      return 'refused';
    }
    if (!automatic) return 'available';
    await updater.downloadUpdate();
    return 'downloaded';
  } catch (error) {
    options.log(`update check failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}
