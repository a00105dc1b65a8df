/**
 * Packs a file's definitions and references into FileTags and back. A parse worker packs;
 * the writer reads the numbers directly; tests and tools unpack. As objects (one per tag and
 * per range) the structured clone between threads cost the main thread about 1 s per 6,000
 * files to rebuild and the worker half that to write; packed, both take a twentieth of it.
 */
import { REFERENCE_KINDS, SYMBOL_KINDS, type Definition, type FileTags, type Range, type Reference } from './tags.js';

/** name, kind, container (-1: none), range (4), fullRange (4) */
export const DEFINITION_FIELDS = 11;
/** name, kind, range (4) */
export const REFERENCE_FIELDS = 6;
/** Offsets within a packed tag. */
export const TagField = { name: 0, kind: 1, container: 2, range: 3, fullRange: 7, referenceRange: 2 } as const;

export interface TagLists {
  definitions: Definition[];
  references: Reference[];
}

const SYMBOL_KIND_INDEX = new Map<string, number>(SYMBOL_KINDS.map((k, i) => [k, i]));
const REFERENCE_KIND_INDEX = new Map<string, number>(REFERENCE_KINDS.map((k, i) => [k, i]));

export function packTags(language: string, lists: TagLists, flags: { syntaxErrors?: boolean; incomplete?: boolean } = {}): FileTags {
  const { definitions, references } = lists;
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  const nameIndex = (name: string): number => {
    let i = indexOf.get(name);
    if (i === undefined) indexOf.set(name, (i = names.push(name) - 1));
    return i;
  };
  const table = new Int32Array(definitions.length * DEFINITION_FIELDS + references.length * REFERENCE_FIELDS);
  let at = 0;
  const putRange = (r: Range): void => {
    table[at++] = r.startLine;
    table[at++] = r.startColumn;
    table[at++] = r.endLine;
    table[at++] = r.endColumn;
  };
  for (const d of definitions) {
    table[at++] = nameIndex(d.name);
    table[at++] = SYMBOL_KIND_INDEX.get(d.kind) ?? SYMBOL_KIND_INDEX.get('variable')!;
    table[at++] = d.container === undefined ? -1 : nameIndex(d.container);
    putRange(d.range);
    putRange(d.fullRange);
  }
  for (const r of references) {
    table[at++] = nameIndex(r.name);
    table[at++] = REFERENCE_KIND_INDEX.get(r.kind) ?? REFERENCE_KIND_INDEX.get('other')!;
    putRange(r.range);
  }
  return { language, names: names.join('\0'), definitionCount: definitions.length, referenceCount: references.length, table, ...flags };
}

/** The names a packed file's tags refer to by index. */
export function namesOf(tags: FileTags): string[] {
  return tags.names.split('\0');
}

export function unpackTags(tags: FileTags): TagLists {
  const names = namesOf(tags);
  const t = tags.table;
  const rangeAt = (p: number): Range => ({ startLine: t[p]!, startColumn: t[p + 1]!, endLine: t[p + 2]!, endColumn: t[p + 3]! });
  const definitions: Definition[] = [];
  for (let i = 0, p = 0; i < tags.definitionCount; i++, p += DEFINITION_FIELDS) {
    const container = t[p + TagField.container]!;
    definitions.push({
      name: names[t[p]!]!,
      kind: SYMBOL_KINDS[t[p + TagField.kind]!]!,
      range: rangeAt(p + TagField.range),
      fullRange: rangeAt(p + TagField.fullRange),
      ...(container >= 0 ? { container: names[container]! } : {}),
    });
  }
  const references: Reference[] = [];
  for (let i = 0, p = tags.definitionCount * DEFINITION_FIELDS; i < tags.referenceCount; i++, p += REFERENCE_FIELDS) {
    references.push({ name: names[t[p]!]!, kind: REFERENCE_KINDS[t[p + TagField.kind]!]!, range: rangeAt(p + TagField.referenceRange) });
  }
  return { definitions, references };
}
