import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from './appOrigin.js';
import { appAssetHeaders, contentTypeFor, CONTENT_SECURITY_POLICY, resolveAppAsset } from './appProtocol.js';

const root = resolve('/srv/marie/renderer');
const asset = (url: string) => resolveAppAsset(url, root);

describe('resolveAppAsset', () => {
  it('serves files under the root and defaults to index.html', () => {
    expect(asset(APP_ENTRY_URL)).toBe(join(root, 'index.html'));
    expect(asset('marie-app://workbench/')).toBe(join(root, 'index.html'));
    expect(asset('marie-app://workbench')).toBe(join(root, 'index.html'));
    expect(asset('marie-app://workbench/assets/')).toBe(join(root, 'assets', 'index.html'));
    expect(asset('marie-app://workbench/assets/main-1a2b.js?v=3#x')).toBe(join(root, 'assets', 'main-1a2b.js'));
    expect(asset('marie-app://workbench/fonts/My%20Font.woff2')).toBe(join(root, 'fonts', 'My Font.woff2'));
  });

  it('refuses other schemes, hosts, ports and credentials', () => {
    for (const url of [
      'file:///srv/marie/renderer/index.html',
      'https://workbench/index.html',
      'marie-app://evil/index.html',
      'marie-app://workbench.evil/index.html',
      'marie-app://workbench:8080/index.html',
      'marie-app://user:pw@workbench/index.html',
      'not a url',
    ]) {
      expect(asset(url), url).toBeNull();
    }
  });

  it('refuses traversal, however it is spelled', () => {
    for (const url of [
      'marie-app://workbench/../secret.txt',
      'marie-app://workbench/assets/../../etc/passwd',
      'marie-app://workbench/%2e%2e/etc/passwd',
      'marie-app://workbench/%2E%2E/etc/passwd',
      'marie-app://workbench/.%2e/etc/passwd',
      'marie-app://workbench/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'marie-app://workbench/..%2fetc/passwd',
      'marie-app://workbench/..%5c..%5cwindows',
      'marie-app://workbench/assets\\..\\..\\secret',
      'marie-app://workbench/./index.html',
      'marie-app://workbench/index.html%00.png',
      'marie-app://workbench/C:%5cWindows%5cwin.ini',
      'marie-app://workbench/%E0%A4%A',
    ]) {
      expect(asset(url), url).toBeNull();
    }
  });
});

describe('response headers', () => {
  it('sends the strict CSP, nosniff and a real content type', () => {
    const headers = appAssetHeaders('/x/index.html');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|https?:/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('maps extensions to content types', () => {
    expect(contentTypeFor('a/b.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/b.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a/codicon.ttf')).toBe('font/ttf');
    expect(contentTypeFor('a/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('isAppUrl', () => {
  it('accepts only our origin', () => {
    expect(isAppUrl('marie-app://workbench/index.html')).toBe(true);
    expect(isAppUrl('marie-app://other/index.html')).toBe(false);
    expect(isAppUrl('https://workbench/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
