import { describe, expect, it } from 'vitest';
import { validatePortRequest, type PortRequest } from './ipcValidation.js';

const good: PortRequest = { frameUrl: 'marie-app://workbench/index.html', isMainFrame: true, fromOurWindow: true, args: [] };

describe('validatePortRequest', () => {
  it('accepts the main frame of our window on our origin', () => {
    expect(validatePortRequest(good)).toEqual({ ok: true });
  });

  it.each<[string, Partial<PortRequest>]>([
    ['a foreign webContents', { fromOurWindow: false }],
    ['a subframe', { isMainFrame: false }],
    ['a page that navigated away', { frameUrl: 'https://evil.example/' }],
    ['a file: page', { frameUrl: 'file:///app/index.html' }],
    ['a look-alike host', { frameUrl: 'marie-app://workbench.evil/index.html' }],
    ['a destroyed frame', { frameUrl: undefined }],
    ['any argument', { args: [{ roots: ['/'] }] }],
    ['an undefined argument', { args: [undefined] }],
  ])('refuses %s', (_name, change) => {
    const verdict = validatePortRequest({ ...good, ...change });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/\w/);
  });
});
