import { spawn } from 'node:child_process';

/** The platform's "open this URL" command, or undefined where there is none. */
export function systemBrowserCommand(platform: NodeJS.Platform = process.platform): { command: string; args: string[] } | undefined {
  if (platform === 'darwin') return { command: 'open', args: [] };
  // Not `cmd /c start`: cmd would read the URL's `&` as a command separator.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return { command: 'xdg-open', args: [] };
  return undefined;
}

/**
 * Asks the desktop to open `url` in the user's default browser. Resolves false when that is
 * not possible (no opener, no desktop session), so the caller prints the URL instead. The
 * URL is passed as an argument, never through a shell.
 */
export function openSystemBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const opener = systemBrowserCommand();
  if (!opener) return Promise.resolve(false);
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
    child.unref();
  });
}
