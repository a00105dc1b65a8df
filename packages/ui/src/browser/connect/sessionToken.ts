const STORAGE_KEY = 'marie.sessionToken';

/**
 * The `marie serve` token: read from `?token=` on first load, then kept in sessionStorage
 * (this tab only) and removed from the visible URL so it does not end up in screenshots,
 * bookmarks or history.
 */
export function takeSessionToken(location: Location, storage: Storage | undefined, history: History): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage?.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage disabled: the host's session cookie still covers reloads.
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return storage?.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** sessionStorage, or undefined where the browser refuses access. */
export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
