import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './appOrigin.js';
import { appAssetHeaders, resolveAppAsset } from './appProtocol.js';

/** Must run before app 'ready': a standard, secure scheme gets a real origin, fetch and workers. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves marie-app://workbench/… from rootDir; all decisions are in appProtocol.ts. */
export function serveAppAssets(rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppAsset(request.url, rootDir);
    if (!file) return new Response(null, { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: appAssetHeaders(file) });
    } catch {
      // Missing files and directories alike: nothing is said about the disk.
      return new Response(null, { status: 404 });
    }
  });
}
