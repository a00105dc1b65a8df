/** Identifier characters across languages: letters, digits, `_` and `$` (JS), any script. */
const wordChar = /[\p{L}\p{N}_$]/u;

export interface WordAt {
  word: string;
  /** 1-based columns, end exclusive, as cursors count. */
  startColumn: number;
  endColumn: number;
}

/**
 * The identifier under a 1-based cursor column: the word the cursor is in or just after
 * (a caret at "foo|" means foo). Undefined on whitespace, punctuation or a number.
 */
export function wordAt(lineText: string, column: number): WordAt | undefined {
  let at = column - 1;
  if (!wordChar.test(lineText[at] ?? '') && wordChar.test(lineText[at - 1] ?? '')) at--;
  if (!wordChar.test(lineText[at] ?? '')) return undefined;
  let start = at;
  let end = at + 1;
  while (start > 0 && wordChar.test(lineText[start - 1]!)) start--;
  while (end < lineText.length && wordChar.test(lineText[end]!)) end++;
  const word = lineText.slice(start, end);
  if (/^\p{N}/u.test(word)) return undefined;
  return { word, startColumn: start + 1, endColumn: end + 1 };
}
