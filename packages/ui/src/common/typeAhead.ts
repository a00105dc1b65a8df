import type { TreeRow } from './explorerTree.js';

/**
 * Type-to-find in a list: letters typed within `resetMs` of each other build a prefix;
 * the first row after the focused one whose name starts with it is the match.
 */
export class TypeAhead {
  private prefix = '';
  private last = -Infinity;

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly resetMs = 700,
  ) {}

  find(char: string, rows: readonly TreeRow[], focused: number): number | undefined {
    const t = this.now();
    const continuing = t - this.last < this.resetMs;
    this.last = t;
    this.prefix = (continuing ? this.prefix : '') + char.toLowerCase();
    // A growing prefix may still match the focused row; a new one looks past it.
    const start = continuing && this.prefix.length > 1 ? focused : focused + 1;
    for (let k = 0; k < rows.length; k++) {
      const i = (start + k) % rows.length;
      const row = rows[i];
      if (row?.kind === 'node' && row.node.name.toLowerCase().startsWith(this.prefix)) return i;
    }
    return undefined;
  }
}
