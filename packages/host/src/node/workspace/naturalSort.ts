/**
 * Natural, case-insensitive order ("file2" before "file10", "a" next to "A"). The host's
 * default locale decides letter order, the same rule the user's OS file manager follows.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function compareNames(a: string, b: string): number {
  // Names equal to the collator ("a" / "A", "01" / "1") still need a stable order for paging.
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export interface SortableEntry {
  name: string;
  isDirectory: boolean;
}

/** Folders first, then everything else, each group in natural order. */
export function compareEntries(a: SortableEntry, b: SortableEntry): number {
  if (a.isDirectory !== b.isDirectory) return a.isDirectory ? -1 : 1;
  return compareNames(a.name, b.name);
}
