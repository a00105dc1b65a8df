import { describe, expect, it } from 'vitest';
import type { PolicyValueType } from '@marie/protocol';
import { parseSettingText, settingControlKind, settingText } from './settingValue.js';

const list: PolicyValueType = { kind: 'list', item: 'host-pattern', maxItems: 2 };
const url: PolicyValueType = { kind: 'string', format: 'proxy-url', maxLength: 10, nullable: true };
const minutes: PolicyValueType = { kind: 'integer', min: 5, max: 60, unit: 'minutes', nullable: false };

describe('setting values', () => {
  it('picks a control per declared type', () => {
    expect(settingControlKind({ kind: 'boolean' })).toBe('checkbox');
    expect(settingControlKind({ kind: 'enum', values: ['a'] })).toBe('select');
    expect([settingControlKind(list), settingControlKind(url), settingControlKind(minutes), settingControlKind({ kind: 'extension-map' })]).toEqual(['lines', 'text', 'number', 'json']);
  });

  it('round-trips lists as lines, skipping blank lines', () => {
    expect(settingText(list, ['a.example', '*.b.example'])).toBe('a.example\n*.b.example');
    expect(parseSettingText(list, ' a.example \r\n\n*.b.example\n')).toEqual({ ok: true, value: ['a.example', '*.b.example'] });
    expect(parseSettingText(list, 'a\nb\nc')).toEqual({ ok: false, problem: 'At most 2 entries.' });
  });

  it('turns an empty nullable string into null and refuses an over-long one', () => {
    expect(settingText(url, null)).toBe('');
    expect(parseSettingText(url, '  ')).toEqual({ ok: true, value: null });
    expect(parseSettingText(url, 'http://p:1')).toEqual({ ok: true, value: 'http://p:1' });
    expect(parseSettingText(url, 'http://proxy:8080').ok).toBe(false);
  });

  it('checks integers for shape and range', () => {
    expect(parseSettingText(minutes, '30')).toEqual({ ok: true, value: 30 });
    expect(parseSettingText(minutes, '3.5').ok).toBe(false);
    expect(parseSettingText(minutes, '1e2').ok).toBe(false);
    expect(parseSettingText(minutes, '61')).toEqual({ ok: false, problem: 'Enter a number from 5 to 60 (minutes).' });
    expect(parseSettingText(minutes, '').ok).toBe(false);
  });

  it('parses JSON objects only', () => {
    expect(parseSettingText({ kind: 'extension-map' }, '{"*": false}')).toEqual({ ok: true, value: { '*': false } });
    expect(parseSettingText({ kind: 'extension-map' }, '[1]').ok).toBe(false);
    expect(parseSettingText({ kind: 'extension-map' }, '{').ok).toBe(false);
  });
});
