import { expect, it } from 'vitest';
import { mulberry32 } from '../testing/trickyCorpus.js';
import { FileTable } from './catalogTables.js';

// The content → files map is kept up to date through upserts and swap-removals (an
// editor save must not make the next symbol query rebuild it): after any sequence it must
// equal the map built from scratch.
it('keeps the files-by-content map equal to a fresh build through upserts and removals', () => {
  const rand = mulberry32(7);
  const table = new FileTable();
  const live = new Set<number>();
  const snapshot = (t: FileTable): Map<number, number[]> => {
    const m = new Map<number, number[]>();
    for (const c of [...t.contents()].sort((a, b) => a - b)) m.set(c, [...t.slotsWithContent(c)].sort((a, b) => a - b));
    return m;
  };
  for (let step = 0; step < 3000; step++) {
    if (step === 50) table.slotsWithContent(-1); // built mid-way, then maintained
    const id = 1 + Math.floor(rand() * 200);
    if (rand() < 0.25 && live.has(id)) {
      table.remove(id);
      live.delete(id);
    } else {
      const content = rand() < 0.1 ? null : Math.floor(rand() * 40);
      table.upsert(id, 0, `f${id}.ts`, content, 0);
      live.add(id);
    }
    if (step % 100 === 99) {
      const fresh = new FileTable();
      for (let slot = 0; slot < table.size; slot++) fresh.upsert(table.ids[slot]!, 0, table.rels[slot]!, table.contentIds[slot]!, 0);
      expect(snapshot(table)).toEqual(snapshot(fresh));
    }
  }
});
