import { FileTable } from './catalogTables.js';
import { ShardedMap } from './shardedMap.js';

/**
 * The writer's memory of the `files` table, column-wise: one slot per row ever loaded or
 * added (a removed file keeps its slot with `present` 0, as its row keeps `present = 0`),
 * and per root a map from relative path to slot. A warm start loads 100k rows and
 * compares each with the disk: an object and a "root\0rel" key string per file, as this
 * was, made the load and the comparison most of the catalogs' time and garbage.
 */
export class StoredFiles {
  ids: number[] = [];
  roots: number[] = [];
  rels: string[] = [];
  sizes: number[] = [];
  mtimes: number[] = [];
  /** -1: no content. */
  contentIds: number[] = [];
  states: number[] = [];
  /** 1 present, 0 removed. */
  present: number[] = [];
  private readonly byRoot: ShardedMap<number>[] = [];

  /** Takes whole columns (e.g. from bulkLoad); they are kept, not copied. */
  static fromColumns(ids: number[], roots: number[], rels: string[], sizes: number[], mtimes: number[], contentIds: number[], states: number[], present: number[]): StoredFiles {
    const t = new StoredFiles();
    Object.assign(t, { ids, roots, rels, sizes, mtimes, contentIds, states, present });
    for (let slot = 0; slot < ids.length; slot++) t.mapOf(roots[slot]!).set(rels[slot]!, slot);
    return t;
  }

  /** Slots, removed files' included. */
  get slots(): number {
    return this.ids.length;
  }

  private mapOf(root: number): ShardedMap<number> {
    let m = this.byRoot[root];
    if (!m) this.byRoot[root] = m = new ShardedMap();
    return m;
  }

  slotOf(root: number, rel: string): number | undefined {
    return this.byRoot[root]?.get(rel);
  }

  isPresent(slot: number): boolean {
    return this.present[slot] === 1;
  }

  /** The present files as quick open's table (contents left out: quick open reads none). */
  toFileTable(): FileTable {
    const table = new FileTable();
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.present[slot] === 1) table.upsert(this.ids[slot]!, this.roots[slot]!, this.rels[slot]!, null, this.states[slot]!);
    }
    return table;
  }

  contentOf(slot: number): number | null {
    const c = this.contentIds[slot]!;
    return c < 0 ? null : c;
  }

  add(id: number, root: number, rel: string, size: number, mtime: number, contentId: number | null, state: number): number {
    const slot = this.ids.length;
    this.ids.push(id);
    this.roots.push(root);
    this.rels.push(rel);
    this.sizes.push(size);
    this.mtimes.push(mtime);
    this.contentIds.push(contentId ?? -1);
    this.states.push(state);
    this.present.push(1);
    this.mapOf(root).set(rel, slot);
    return slot;
  }

  update(slot: number, size: number, mtime: number, contentId: number | null, state: number): void {
    this.sizes[slot] = size;
    this.mtimes[slot] = mtime;
    this.contentIds[slot] = contentId ?? -1;
    this.states[slot] = state;
    this.present[slot] = 1;
  }

  /** Marks a file removed (its slot and id stay, for when it comes back). */
  remove(slot: number, state: number): void {
    this.present[slot] = 0;
    this.contentIds[slot] = -1;
    this.states[slot] = state;
  }
}
