/**
 * A reader for `.reg` exports (what `reg export` writes, and what test fixtures use), so the
 * real Windows path and the fixtures go through the same parser.
 */
export type RegValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_DWORD'; data: number }
  | { type: 'REG_QWORD'; data: number }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_BINARY' | 'REG_NONE'; data: number[] };

export interface RegKey {
  /** As written in the file, without the hive (e.g. `Software\Policies\MarieIDE`). */
  path: string;
  /** Value names as written; the registry compares them ignoring case. */
  values: Map<string, RegValue>;
}

/** Keys by lower-cased path (the registry ignores case). */
export type RegTree = Map<string, RegKey>;

const hives: Record<string, string> = {
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKLM: 'HKLM',
  HKEY_CURRENT_USER: 'HKCU',
  HKCU: 'HKCU',
};

function utf16(bytes: number[]): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return s;
}

function littleEndian(bytes: number[]): number {
  let n = 0;
  for (let i = bytes.length - 1; i >= 0; i--) n = n * 256 + bytes[i]!;
  return n;
}

function hexValue(kind: string | undefined, body: string): RegValue {
  const bytes = body
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      if (!/^[0-9a-f]{1,2}$/i.test(b)) throw new Error(`bad hex byte "${b}"`);
      return parseInt(b, 16);
    });
  switch ((kind ?? '3').toLowerCase()) {
    case '0':
      return { type: 'REG_NONE', data: bytes };
    case '1':
      return { type: 'REG_SZ', data: utf16(bytes).replace(/\0+$/, '') };
    case '2':
      return { type: 'REG_EXPAND_SZ', data: utf16(bytes).replace(/\0+$/, '') };
    case '3':
      return { type: 'REG_BINARY', data: bytes };
    case '4':
      return { type: 'REG_DWORD', data: littleEndian(bytes.slice(0, 4)) };
    case '7': {
      const parts = utf16(bytes).split('\0');
      // Each string ends with NUL and the list with one more; drop the empty tail.
      while (parts.length && parts[parts.length - 1] === '') parts.pop();
      return { type: 'REG_MULTI_SZ', data: parts };
    }
    case 'b':
      return { type: 'REG_QWORD', data: littleEndian(bytes.slice(0, 8)) };
    default:
      throw new Error(`unsupported value type hex(${kind})`);
  }
}

/** Reads a quoted .reg string starting at `start` (the opening quote); returns it and the index after the closing quote. */
function quoted(line: string, start: number): { text: string; end: number } {
  let out = '';
  for (let i = start + 1; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) out += line[++i]!;
    else if (ch === '"') return { text: out, end: i + 1 };
    else out += ch;
  }
  throw new Error('unterminated string');
}

function parseData(raw: string): RegValue {
  if (raw.startsWith('"')) {
    const { text, end } = quoted(raw, 0);
    if (raw.slice(end).trim()) throw new Error('text after string value');
    return { type: 'REG_SZ', data: text };
  }
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(raw);
  if (dword) return { type: 'REG_DWORD', data: parseInt(dword[1]!, 16) };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(raw);
  if (hex) return hexValue(hex[1], hex[2]!);
  throw new Error(`unsupported value "${raw.slice(0, 40)}"`);
}

/** Parses one hive's export. Throws `line N: reason` on anything it does not understand. */
export function parseRegFile(text: string, expectedHive: 'HKLM' | 'HKCU'): RegTree {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines.shift()?.trim();
  if (header !== 'Windows Registry Editor Version 5.00' && header !== 'REGEDIT4') throw new Error('line 1: not a registry export');
  const tree: RegTree = new Map();
  let current: RegKey | null = null;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 2;
    let line = lines[i]!;
    // Hex data wraps with a trailing backslash.
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trim();
    line = line.trim();
    if (!line || line.startsWith(';')) continue;
    try {
      if (line.startsWith('[')) {
        if (!line.endsWith(']')) throw new Error('unterminated key name');
        const full = line.slice(1, -1);
        if (full.startsWith('-')) throw new Error('key deletions are not policy');
        const [hive, ...rest] = full.split('\\');
        if (hives[hive!.toUpperCase()] !== expectedHive) throw new Error(`key outside ${expectedHive}: ${full}`);
        const path = rest.join('\\');
        current = tree.get(path.toLowerCase()) ?? { path, values: new Map() };
        tree.set(path.toLowerCase(), current);
        continue;
      }
      if (!current) throw new Error('value before any key');
      let name: string;
      let rest: string;
      if (line.startsWith('@=')) {
        name = '';
        rest = line.slice(2);
      } else if (line.startsWith('"')) {
        const q = quoted(line, 0);
        name = q.text;
        if (line[q.end] !== '=') throw new Error('expected = after the value name');
        rest = line.slice(q.end + 1);
      } else throw new Error('expected "name"=value');
      if (rest.trim() === '-') throw new Error('value deletions are not policy');
      current.values.set(name, parseData(rest.trim()));
    } catch (e) {
      throw new Error(`line ${lineNo}: ${(e as Error).message}`);
    }
  }
  return tree;
}
