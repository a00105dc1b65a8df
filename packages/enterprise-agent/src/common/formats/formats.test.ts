import { describe, expect, it } from 'vitest';
import { parsePlist } from './plist.js';
import { parseRegFile } from './regFile.js';
import { registryPolicyLayers } from './registryPolicies.js';

const plist = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">${body}</plist>`;

describe('property lists', () => {
  it('reads every value type', () => {
    expect(parsePlist(plist('<dict><key>a</key><true/><key>b</key><integer>-3</integer><key>c</key><array><string>x &amp; y</string><false/></array><key>d</key><dict/><key>e</key><real>1.5</real></dict>'))).toEqual({
      a: true,
      b: -3,
      c: ['x & y', false],
      d: {},
      e: 1.5,
    });
  });

  it('keeps __proto__ as a plain key', () => {
    const v = parsePlist(plist('<dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict>')) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed', plist('<dict><key>a</key><true/>')],
    ['no plist root', '<dict/>'],
    ['key without value', plist('<dict><key>a</key></dict>')],
    ['bad integer', plist('<integer>1e3</integer>')],
    ['unknown element', plist('<banana/>')],
  ])('throws on %s', (_, text) => {
    expect(() => parsePlist(text)).toThrow();
  });
});

const reg = (body: string) => `\uFEFFWindows Registry Editor Version 5.00\r\n\r\n${body.replace(/\n/g, '\r\n')}`;

describe('.reg exports', () => {
  it('reads strings, dwords, multi-strings and wrapped hex', () => {
    const tree = parseRegFile(
      reg(`[HKEY_LOCAL_MACHINE\\Software\\Policies\\MarieIDE]
"TelemetryLevel"="off"
"AIEnabled"=dword:00000000
"Quoted"="a \\"b\\" c\\\\d"
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00
"Wrapped"=hex(7):7b,00,7d,00,\\
  00,00,00,00
"Q"=hex(b):01,00,00,00,00,00,00,00
`),
      'HKLM',
    );
    const values = tree.get('software\\policies\\marieide')!.values;
    expect(Object.fromEntries(values)).toEqual({
      TelemetryLevel: { type: 'REG_SZ', data: 'off' },
      AIEnabled: { type: 'REG_DWORD', data: 0 },
      Quoted: { type: 'REG_SZ', data: 'a "b" c\\d' },
      Multi: { type: 'REG_MULTI_SZ', data: ['a', 'b'] },
      Wrapped: { type: 'REG_MULTI_SZ', data: ['{}'] },
      Q: { type: 'REG_QWORD', data: 1 },
    });
  });

  it.each([
    ['a missing header', 'hello\r\n'],
    ['a key from the other hive', reg('[HKEY_CURRENT_USER\\Software\\Policies\\MarieIDE]\n')],
    ['a value before any key', reg('"A"="b"\n')],
    ['an unterminated string', reg('[HKLM\\Software\\Policies\\MarieIDE]\n"A"="b\n')],
    ['a deletion', reg('[HKLM\\Software\\Policies\\MarieIDE]\n"A"=-\n')],
    ['a bad dword', reg('[HKLM\\Software\\Policies\\MarieIDE]\n"A"=dword:xyz\n')],
  ])('refuses the whole file for %s', (_, text) => {
    expect(() => parseRegFile(text, 'HKLM')).toThrow(/line \d+/);
  });

  it('maps the policy key, its list subkeys and Recommended to layers', () => {
    const tree = parseRegFile(
      reg(`[HKEY_CURRENT_USER\\Software\\Policies\\MarieIDE]
"aienabled"=dword:00000001
"RequireSignIn"=dword:00000002
"TelemetryLevel"=dword:00000001
"AllowedExtensions"=hex(7):7b,00,22,00,2a,00,22,00,3a,00,66,00,61,00,6c,00,73,00,65,00,7d,00,00,00,00,00
"BrokenJson"="x"

[HKEY_CURRENT_USER\\Software\\Policies\\MarieIDE\\AllowedGitRemoteHosts]
"2"="b.example"
"1"="a.example"
"10"="c.example"

[HKEY_CURRENT_USER\\Software\\Policies\\MarieIDE\\Recommended]
"UpdateMode"="manual"
`),
      'HKCU',
    );
    const [mandatory, recommended] = registryPolicyLayers(tree, 'HKCU');
    expect(mandatory).toMatchObject({ source: 'user-os', level: 'mandatory', scope: 'user', state: 'ok' });
    const entries = Object.fromEntries(mandatory!.entries.map((e) => [e.key, e.value]));
    expect(entries).toEqual({ AIEnabled: true, RequireSignIn: 2, TelemetryLevel: 1, AllowedExtensions: { '*': false }, BrokenJson: 'x', AllowedGitRemoteHosts: ['a.example', 'b.example', 'c.example'] });
    expect(mandatory!.entries.find((e) => e.key === 'AIEnabled')!.origin).toBe('HKCU\\Software\\Policies\\MarieIDE\\aienabled');
    expect(recommended!.entries).toEqual([{ key: 'UpdateMode', value: 'manual', origin: 'HKCU\\Software\\Policies\\MarieIDE\\Recommended\\UpdateMode' }]);
  });
});
