import { extname, resolve, sep } from 'node:path';
import { WORKBENCH_CONTENT_SECURITY_POLICY } from '@marie/protocol';
import { APP_HOST, APP_SCHEME } from './appOrigin.js';

/** The workbench's CSP, shared with `marie serve`. */
export const CONTENT_SECURITY_POLICY = WORKBENCH_CONTENT_SECURITY_POLICY;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Unknown types are served as opaque bytes; with nosniff the page cannot run them. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function appAssetHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

// The path as the request spelled it: after "scheme://host", before "?" or "#".
const RAW_PATH = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*([^?#]*)/i;

/**
 * Maps `marie-app://workbench/<path>` to a file under rootDir, or null. Works on the raw
 * path rather than `URL.pathname`, because the URL parser silently folds "..", "%2e%2e"
 * and "\" away; anything of that kind is refused instead of being reinterpreted.
 * Pure: it never touches the disk (a missing file is the caller's 404).
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port || url.username || url.password) return null;
  const rawPath = RAW_PATH.exec(requestUrl)?.[1];
  if (rawPath === undefined || rawPath.includes('\\')) return null;

  const segments: string[] = [];
  for (const raw of rawPath.split('/').filter((s) => s !== '')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // malformed escape such as "%zz"
    }
    // Encoded separators, NUL, dot segments and drive letters ("C:") would let a segment
    // mean something else than a file name.
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0 || rawPath.endsWith('/')) segments.push('index.html');

  // Second line of defence: the joined path must still be inside rootDir.
  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}
