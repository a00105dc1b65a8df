import { CHAR_BITS, charMask, pairsStartMask, wordStartPairs } from '../../common/fuzzy.js';
import { lowerAligned } from '../../common/matchScore.js';

/**
 * Column-wise, in-memory copies of the rows every keystroke scans: workspace files (quick
 * open, candidate files for find in files) and symbol names (workspace symbols). Parallel
 * arrays keep the hot loops to plain indexed reads; removal swaps with the last slot.
 */
export class FileTable {
  ids: number[] = [];
  roots: number[] = [];
  rels: string[] = [];
  lowers: string[] = [];
  baseStarts: number[] = [];
  masks: number[] = [];
  /** Characters of the file name alone: the first quick-open tier filters on these. */
  baseMasks: number[] = [];
  contentIds: (number | null)[] = [];
  states: number[] = [];
  private readonly slotById = new Map<number, number>();
  /** (root, rel) → id, built on first use: most sessions never look a path up. */
  private idByKey: Map<string, number> | undefined;
  /**
   * content id → slots of the files with that content, built on first use and then kept
   * up to date: rebuilding it over 100k files after every editor save cost the next
   * symbol query tens of milliseconds.
   */
  private slotsByContent: Map<number, number[]> | undefined;

  private linkContent(slot: number): void {
    const c = this.contentIds[slot];
    if (!this.slotsByContent || c === null || c === undefined) return;
    const l = this.slotsByContent.get(c);
    if (l) l.push(slot);
    else this.slotsByContent.set(c, [slot]);
  }

  private unlinkContent(slot: number): void {
    const c = this.contentIds[slot];
    if (!this.slotsByContent || c === null || c === undefined) return;
    const l = this.slotsByContent.get(c);
    const i = l ? l.indexOf(slot) : -1;
    if (i < 0) return;
    l!.splice(i, 1);
    if (l!.length === 0) this.slotsByContent.delete(c);
  }

  /** Slots of the listed files whose content is `contentId`. */
  slotsWithContent(contentId: number): readonly number[] {
    if (!this.slotsByContent) {
      this.slotsByContent = new Map();
      for (let slot = 0; slot < this.ids.length; slot++) {
        const c = this.contentIds[slot];
        if (c === null || c === undefined) continue;
        const l = this.slotsByContent.get(c);
        if (l) l.push(slot);
        else this.slotsByContent.set(c, [slot]);
      }
    }
    return this.slotsByContent.get(contentId) ?? [];
  }

  /** Distinct contents of the listed files. */
  contents(): IterableIterator<number> {
    this.slotsWithContent(-1);
    return this.slotsByContent!.keys();
  }

  get size(): number {
    return this.ids.length;
  }

  slotOf(id: number): number | undefined {
    return this.slotById.get(id);
  }

  /** Slot of the file at (root, rel), if listed. */
  find(root: number, rel: string): number | undefined {
    if (!this.idByKey) {
      this.idByKey = new Map();
      for (let slot = 0; slot < this.ids.length; slot++) this.idByKey.set(`${this.roots[slot]}\0${this.rels[slot]}`, this.ids[slot]!);
    }
    const id = this.idByKey.get(`${root}\0${rel}`);
    return id === undefined ? undefined : this.slotById.get(id);
  }

  upsert(id: number, root: number, rel: string, contentId: number | null, state: number): void {
    let slot = this.slotById.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.slotById.set(id, slot);
      this.idByKey?.set(`${root}\0${rel}`, id);
      this.ids.push(id);
      this.roots.push(root);
      this.rels.push(rel);
      const lower = lowerAligned(rel);
      this.lowers.push(lower);
      const baseStart = rel.lastIndexOf('/') + 1;
      this.baseStarts.push(baseStart);
      this.masks.push(charMask(lower));
      this.baseMasks.push(charMask(lower.slice(baseStart)));
      this.contentIds.push(contentId);
      this.states.push(state);
      this.linkContent(slot);
      return;
    }
    if (this.contentIds[slot] !== contentId) {
      this.unlinkContent(slot);
      this.contentIds[slot] = contentId;
      this.linkContent(slot);
    }
    this.states[slot] = state;
  }

  remove(id: number): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    this.unlinkContent(slot);
    this.idByKey?.delete(`${this.roots[slot]}\0${this.rels[slot]}`);
    const last = this.ids.length - 1;
    if (slot !== last) {
      // The last file moves into the freed slot: its content's list follows it.
      this.unlinkContent(last);
      this.slotById.set(this.ids[last]!, slot);
      this.ids[slot] = this.ids[last]!;
      this.roots[slot] = this.roots[last]!;
      this.rels[slot] = this.rels[last]!;
      this.lowers[slot] = this.lowers[last]!;
      this.baseStarts[slot] = this.baseStarts[last]!;
      this.masks[slot] = this.masks[last]!;
      this.baseMasks[slot] = this.baseMasks[last]!;
      this.contentIds[slot] = this.contentIds[last]!;
      this.states[slot] = this.states[last]!;
      this.linkContent(slot);
    }
    this.slotById.delete(id);
    for (const col of [this.ids, this.roots, this.rels, this.lowers, this.baseStarts, this.masks, this.baseMasks, this.contentIds, this.states]) col.pop();
  }
}

export class NameTable {
  ids: number[] = [];
  names: string[] = [];
  lowers: string[] = [];
  masks: number[] = [];
  /** Its wordStartPairs: each word's first two characters, lowercase ('' until defined). */
  starts: string[] = [];
  /** Bit i set: some definition of this name has SYMBOL_KINDS[i] (a superset over time). */
  kinds: number[] = [];
  /**
   * Slots of names with a definition, in the order they got one. Most names are only
   * referenced (calls, types); workspace symbols scans just these, a fraction of the table.
   */
  defined: number[] = [];
  /**
   * `defined` split by the characters that start a word of the name (charBit's bit b: list
   * b), in `defined` order. A query's first character must match at a word start, so it
   * scans only that character's list (a one-letter query visited all 75k defined names of
   * the bench corpus).
   */
  readonly definedByStart: number[][] = Array.from({ length: CHAR_BITS }, () => []);
  private readonly slotById = new Map<number, number>();
  private readonly idByName = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  idOf(name: string): number | undefined {
    return this.idByName.get(name);
  }

  upsert(id: number, name: string, kinds: number): void {
    const slot = this.slotById.get(id);
    if (slot !== undefined) {
      // Masks are computed once, when the name first gets a definition (lowers is '' until then).
      if (kinds !== 0 && this.lowers[slot] === '') this.define(slot);
      this.kinds[slot] = kinds;
      return;
    }
    this.idByName.set(name, id);
    this.slotById.set(id, this.ids.length);
    this.ids.push(id);
    this.names.push(name);
    this.kinds.push(kinds);
    // Names only ever called or used as containers are never searched: skip their masks.
    this.lowers.push('');
    this.masks.push(0);
    this.starts.push('');
    if (kinds !== 0) this.define(this.ids.length - 1);
  }

  /** The name got its first definition: computes its masks and lists it for searching. */
  private define(slot: number): void {
    const name = this.names[slot]!;
    const lower = lowerAligned(name);
    this.lowers[slot] = lower;
    this.masks[slot] = charMask(lower);
    const starts = wordStartPairs(name, lower);
    this.starts[slot] = starts;
    const startMask = pairsStartMask(starts);
    this.defined.push(slot);
    for (let b = 0; b < CHAR_BITS; b++) if (startMask & (1 << b)) this.definedByStart[b]!.push(slot);
  }

  nameOf(id: number): string | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.names[slot];
  }
}

/**
 * Flags by content id in a typed array (ids are dense), stored as flags + 1 so that 0
 * means an unknown id: find in files tests every listed file's flags, and a Map lookup
 * each cost ~10 ms per 100k files.
 */
export class ContentFlagTable {
  private flags = new Uint16Array(1024);

  get(id: number): number | undefined {
    const v = id < this.flags.length ? this.flags[id]! : 0;
    return v === 0 ? undefined : v - 1;
  }

  set(id: number, flags: number): void {
    if (id >= this.flags.length) this.grow(id + 1);
    this.flags[id] = flags + 1;
  }

  /** Sets many at once (a whole table's load). */
  setAll(ids: readonly number[], flags: readonly number[]): void {
    let max = -1;
    for (const id of ids) if (id > max) max = id;
    if (max >= this.flags.length) this.grow(max + 1);
    for (let i = 0; i < ids.length; i++) this.flags[ids[i]!] = flags[i]! + 1;
  }

  /** Clears `bits` in every known id's flags. */
  clearAll(bits: number): void {
    const f = this.flags;
    for (let id = 0; id < f.length; id++) if (f[id] !== 0) f[id] = ((f[id]! - 1) & ~bits) + 1;
  }

  private grow(min: number): void {
    const bigger = new Uint16Array(Math.max(min, this.flags.length * 2));
    bigger.set(this.flags);
    this.flags = bigger;
  }
}
