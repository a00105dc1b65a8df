import { describe, expect, it } from 'vitest';
import { externalUrlFor, isNavigationAllowed, isPermissionGranted, isWebviewAttachAllowed } from './navigationGuard.js';

describe('navigation guard', () => {
  it('keeps navigation on the app origin', () => {
    expect(isNavigationAllowed('marie-app://workbench/index.html')).toBe(true);
    expect(isNavigationAllowed('marie-app://workbench/index.html?folder=x#y')).toBe(true);
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'file:///etc/passwd', 'marie-app://other/', 'javascript:alert(1)', 'data:text/html,hi', 'about:blank', '']) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('opens only http(s) links externally', () => {
    expect(externalUrlFor('https://example.com/docs?a=1')).toBe('https://example.com/docs?a=1');
    expect(externalUrlFor('http://example.com')).toBe('http://example.com/');
    for (const url of ['file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'marie-app://workbench/', 'data:text/html,x', 'garbage']) {
      expect(externalUrlFor(url), url).toBeNull();
    }
  });

  it('refuses webviews and every permission', () => {
    expect(isWebviewAttachAllowed()).toBe(false);
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) expect(isPermissionGranted(p)).toBe(false);
  });
});
