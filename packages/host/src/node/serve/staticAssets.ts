import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface Asset {
  body: Buffer;
  contentType: string;
  /** Hashed build outputs never change under one name, so they may be cached forever. */
  immutable: boolean;
}

export interface StaticAssets {
  /** The file for a URL path (`/` is index.html), or undefined. Never outside the folder. */
  load(urlPath: string): Promise<Asset | undefined>;
}

export interface StaticAssetsOptions {
  /** Memory for immutable files kept after their first request; beyond it they are read per request. */
  cacheBytes?: number;
}

/**
 * Serves the built renderer from `rootDir`. Hashed files under assets/ are immutable, so
 * they are read once and answered from memory afterwards: the editor's chunk alone is
 * megabytes, and reading it (in many steps, each waiting for a busy event loop) held its
 * response headers back by hundreds of milliseconds on a loaded machine.
 */
export function createStaticAssets(rootDir: string, options: StaticAssetsOptions = {}): StaticAssets {
  const root = resolve(rootDir);
  const cache = new Map<string, Promise<Buffer | undefined>>();
  let room = options.cacheBytes ?? 64 * 2 ** 20;

  const read = async (file: string) => ((await stat(file).catch(() => undefined))?.isFile() ? readFile(file) : undefined);

  return {
    async load(urlPath) {
      const relative = safeRelativePath(urlPath);
      if (relative === undefined) return undefined;
      const file = resolve(join(root, relative));
      if (!file.startsWith(root + sep)) return undefined;
      const immutable = relative.startsWith('/assets/');
      let body: Buffer | undefined;
      if (!immutable) body = await read(file);
      else {
        // Concurrent requests for one file share one read.
        let pending = cache.get(file);
        if (!pending) {
          pending = read(file);
          cache.set(file, pending);
          const loaded = await pending;
          // Missing files are not remembered (a build may still be writing them); big ones only while there is room.
          if (!loaded || loaded.length > room) cache.delete(file);
          else room -= loaded.length;
        }
        body = await pending;
      }
      return body && { body, contentType: contentTypes[extname(file)] ?? 'application/octet-stream', immutable };
    },
  };
}

/** The decoded path, `/` mapped to index.html; undefined for anything that could escape. */
function safeRelativePath(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return undefined;
  return decoded === '/' ? '/index.html' : decoded;
}
