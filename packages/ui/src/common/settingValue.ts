import type { PolicyValueType } from '@marie/protocol';

/** How the Settings editor edits a value of this type. */
export type SettingControlKind = 'checkbox' | 'select' | 'text' | 'number' | 'lines' | 'json';

export function settingControlKind(type: PolicyValueType): SettingControlKind {
  switch (type.kind) {
    case 'boolean':
      return 'checkbox';
    case 'enum':
      return 'select';
    case 'integer':
      return 'number';
    case 'string':
      return 'text';
    case 'list':
      return 'lines';
    case 'extension-map':
      return 'json';
  }
}

/** The text a text-like control starts from. Lists are one item per line; unset is empty. */
export function settingText(type: PolicyValueType, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (type.kind === 'list' && Array.isArray(value)) return value.map(String).join('\n');
  if (type.kind === 'extension-map') return JSON.stringify(value, null, 2);
  return String(value);
}

export type ParsedSetting = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Turns what the user typed into the value sent to the host. Only the shape is checked here
 * (number, length, count) so the user hears about typos at once; the host validates again
 * against the registry (formats such as URLs and host patterns) and its verdict is shown too.
 */
export function parseSettingText(type: PolicyValueType, text: string): ParsedSetting {
  const trimmed = text.trim();
  switch (type.kind) {
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false' ? { ok: true, value: trimmed === 'true' } : { ok: false, problem: 'Enter true or false.' };
    case 'enum':
      return type.values.includes(trimmed) ? { ok: true, value: trimmed } : { ok: false, problem: `Choose one of: ${type.values.join(', ')}.` };
    case 'integer': {
      if (!trimmed) return type.nullable ? { ok: true, value: null } : { ok: false, problem: 'Enter a whole number.' };
      const n = Number(trimmed);
      if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(n)) return { ok: false, problem: 'Enter a whole number.' };
      if (n < type.min || n > type.max) return { ok: false, problem: `Enter a number from ${type.min} to ${type.max}${type.unit ? ` (${type.unit})` : ''}.` };
      return { ok: true, value: n };
    }
    case 'string':
      if (!trimmed) return type.nullable ? { ok: true, value: null } : { ok: false, problem: 'Enter a value.' };
      if (trimmed.length > type.maxLength) return { ok: false, problem: `At most ${type.maxLength} characters.` };
      return { ok: true, value: trimmed };
    case 'list': {
      const items = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
      if (items.length > type.maxItems) return { ok: false, problem: `At most ${type.maxItems} entries.` };
      return { ok: true, value: items };
    }
    case 'extension-map':
      try {
        const value: unknown = JSON.parse(text);
        if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: 'Enter a JSON object.' };
        return { ok: true, value };
      } catch {
        return { ok: false, problem: 'Enter valid JSON.' };
      }
  }
}
