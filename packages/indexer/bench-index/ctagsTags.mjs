// Reads a universal-ctags tags file (made with --fields=+nKlz) for the recall measurement.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Kinds that are function, class or method definitions in ctags' parsers (Python calls methods "member"). */
/** Names ctags makes up for anonymous functions and classes: nothing anyone can search for. */
const ANONYMOUS = /^(Anonymous(Class|Function|Object)?[0-9a-f]+|__anon[0-9a-f]+)$/;

const OBJECT_AS_CLASS = new Set(['javascript', 'typescript']);

/** `#private` members: ctags drops the `#`, tree-sitter keeps it; compared without it. */
export const bare = (name) => (name.startsWith('#') ? name.slice(1) : name);

const DEFINITION_KINDS = new Set(['function', 'class', 'method', 'member', 'generator']);

/**
 * ctags' function/class/method definitions in the given languages (ctags' names, lower
 * case), as a map from "path\0name\0line" (1-based line) to the language.
 */
export async function ctagsDefinitions(tagsFile, languages) {
  const out = new Map();
  // Streamed: with source lines as search patterns, the file can be hundreds of megabytes.
  for await (const line of createInterface({ input: createReadStream(tagsFile, 'utf8'), crlfDelay: Infinity })) {
    if (line.startsWith('!_')) continue;
    const tab1 = line.indexOf('\t');
    const tab2 = line.indexOf('\t', tab1 + 1);
    // Extension fields follow the address's `;"`; the address (a search pattern) may hold tabs.
    const fieldsAt = line.lastIndexOf(';"\t');
    if (tab1 < 0 || tab2 < 0 || fieldsAt < 0) continue;
    const fields = {};
    for (const f of line.slice(fieldsAt + 3).split('\t')) fields[f.slice(0, f.indexOf(':'))] = f.slice(f.indexOf(':') + 1);
    const language = (fields.language ?? '').toLowerCase();
    const name = line.slice(0, tab1);
    if (!DEFINITION_KINDS.has(fields.kind) || !languages.has(language) || ANONYMOUS.test(name)) continue;
    // ctags' JavaScript parser calls an object literal a "class" (`const opts = {`): only
    // a line that says `class` is a class definition.
    if (fields.kind === 'class' && OBJECT_AS_CLASS.has(language) && !/\bclass\b/.test(line.slice(tab2, fieldsAt))) continue;
    out.set(`${line.slice(tab1 + 1, tab2)}\0${bare(name)}\0${fields.line}`, language);
  }
  return out;
}
