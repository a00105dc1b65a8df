/* global process */
// Child of `pnpm bench:index`: recall, the share of ctags' function/class/method
// definitions that our index also holds, for the languages both handle. A ctags tag counts
// as held when the index has a definition with the same name in the same file on the same
// line (any kind: ctags calls a method "member" where we may say "function"). Also reports
// a looser figure (same name in the same file, any line) to tell misses from line offsets.
//
//   node recall.mjs '{"indexDir":"…","tagsFile":"…","roots":[…]}'
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bare, ctagsDefinitions } from './ctagsTags.mjs';
import { exitWith } from './indexerModules.mjs';

const cfg = JSON.parse(process.argv[2]);
// ctags' language names → ours (both handle these).
const LANGUAGES = new Set(['javascript', 'typescript', 'python', 'c', 'c++', 'go', 'rust', 'java', 'c#', 'ruby', 'php', 'sh']);
const theirs = await ctagsDefinitions(cfg.tagsFile, LANGUAGES);

const db = new Database(join(cfg.indexDir, 'index.db'), { readonly: true });
const exact = new Set();
const loose = new Set();
const rows = db
  .prepare('SELECT f.root, f.rel, n.name, s.sl FROM files f JOIN symbols s ON s.content_id = f.content_id JOIN names n ON n.id = s.name_id WHERE f.present = 1')
  .raw()
  .iterate();
for (const [root, rel, name, line] of rows) {
  const path = join(cfg.roots[root], rel);
  exact.add(`${path}\0${bare(name)}\0${line + 1}`);
  loose.add(`${path}\0${bare(name)}`);
}
db.close();

let held = 0;
let heldLoose = 0;
const byLanguage = {};
const missed = [];
for (const [key, language] of theirs) {
  const b = (byLanguage[language] ??= { ctags: 0, held: 0 });
  b.ctags++;
  if (exact.has(key)) {
    held++;
    b.held++;
  } else if (missed.length < 200) missed.push(key.replaceAll('\0', ' '));
  if (loose.has(key.slice(0, key.lastIndexOf('\0')))) heldLoose++;
}
exitWith({ ctagsDefinitions: theirs.size, held, recall: held / Math.max(1, theirs.size), recallSameFileAndName: heldLoose / Math.max(1, theirs.size), byLanguage, missedSample: missed });
