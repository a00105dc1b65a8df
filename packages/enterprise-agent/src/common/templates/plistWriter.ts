import { xmlEscape } from './xml.js';

/** Serialises JSON-like values as property-list XML; null values are left out (a plist has no null). */
export function plistValue(value: unknown, indent: string): string {
  if (typeof value === 'boolean') return `${indent}<${value} />`;
  if (typeof value === 'number') return Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`;
  if (typeof value === 'string') return `${indent}<string>${xmlEscape(value)}</string>`;
  if (Array.isArray(value)) {
    if (!value.length) return `${indent}<array />`;
    return [`${indent}<array>`, ...value.map((v) => plistValue(v, `${indent}  `)), `${indent}</array>`].join('\n');
  }
  if (value && typeof value === 'object') return plistDict(value as Record<string, unknown>, indent);
  throw new Error(`cannot write ${String(value)} to a property list`);
}

export function plistDict(dict: Record<string, unknown>, indent: string): string {
  const entries = Object.entries(dict).filter(([, v]) => v !== null && v !== undefined);
  if (!entries.length) return `${indent}<dict />`;
  const body = entries.flatMap(([k, v]) => [`${indent}  <key>${xmlEscape(k)}</key>`, plistValue(v, `${indent}  `)]);
  return [`${indent}<dict>`, ...body, `${indent}</dict>`].join('\n');
}

export const PLIST_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">';
