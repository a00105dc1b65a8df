import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePattern } from '../../common/regex/parse.js';
import { trigramPlan } from '../../common/regex/trigramPlan.js';
import { mulberry32 } from '../testing/trickyCorpus.js';
import { openIndexForWrite, type SqliteDb } from './openDatabase.js';
import { StoreWriter } from './storeWriter.js';
import { TextIndexReader } from './textIndexReader.js';
import type { TextIndexWriter } from './textIndexWriter.js';
import { Op, OpEncoder } from './writeOps.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// The writer thread's side, driven in this thread: batches of operations as the main thread encodes them.
function store(): { db: SqliteDb; writer: StoreWriter; text: TextIndexWriter } {
  const dir = mkdtempSync(join(tmpdir(), 'marie-text-'));
  dirs.push(dir);
  const { db } = openIndexForWrite(dir, ['/x']);
  const writer = new StoreWriter(db);
  return { db, writer, text: writer.text };
}

const words = ['alpha', 'beta', 'gamma', 'delta', 'render', 'index', 'search', 'QUERY', 'Tree', 'node', 'x1', 'y2'];

function randomDoc(rand: () => number): string {
  return Array.from({ length: 5 + Math.floor(rand() * 40) }, () => words[Math.floor(rand() * words.length)]).join(rand() < 0.5 ? ' ' : '_');
}

describe('trigram index', () => {
  it('returns every content that contains a query, across segments, delta rows and a merge', async () => {
    const { db, writer, text } = store();
    const rand = mulberry32(5);
    const docs = new Map<number, string>();
    const add = (count: number): boolean => {
      const ops = new OpEncoder();
      for (let i = 0; i < count; i++) {
        const body = randomDoc(rand);
        const id = docs.size + 1;
        ops.num(Op.InsertContent, id, body.length, 0);
        ops.str(`${id}`.padStart(40, '0'));
        docs.set(id, body);
        ops.num(Op.TextAdd, id);
        ops.blob(Buffer.from(body));
      }
      ops.num(Op.TextFlush);
      const applied = writer.apply(ops.take());
      expect(applied.flushedText).toBe(true);
      return applied.bigGarbage;
    };
    // A segment leaves MiB of sort arrays behind (the writer thread then runs a full
    // collection); an editor save's delta rows do not.
    expect(add(6000)).toBe(true); // one segment
    expect(add(10)).toBe(false); // delta rows
    expect(add(6000)).toBe(true); // another segment
    expect(add(7)).toBe(false); // more delta rows
    const reader = new TextIndexReader(db);
    const check = (live: (id: number) => boolean): void => {
      for (const pattern of ['render', 'gamma_delta', 'query tree', 'x1 y2', 'alpha beta gamma', 'nothere', 'ta_se']) {
        const got = reader.candidates(trigramPlan(parsePattern(pattern, true)));
        const expected = [...docs].filter(([id, body]) => live(id) && body.toLowerCase().includes(pattern.toLowerCase())).map(([id]) => id);
        // A superset is allowed (a narrowed AND stops early); a missing content is not.
        const gotSet = new Set(got ?? []);
        for (const id of expected) expect(gotSet.has(id), `${pattern} in ${id}`).toBe(true);
        // And no more than the contents holding every trigram of the pattern (an early-stopped
        // AND may leave up to a couple dozen extra).
        const p = pattern.toLowerCase();
        const grams = Array.from({ length: p.length - 2 }, (_, i) => p.slice(i, i + 3));
        const bound = [...docs].filter(([id, body]) => live(id) && grams.every((g) => body.toLowerCase().includes(g))).length;
        expect(got!.length).toBeLessThanOrEqual(Math.max(bound, 24));
        if (pattern === 'nothere') expect(got!.length).toBe(0);
      }
    };
    check(() => true);
    expect(text.needsMerge()).toBe(false);
    const dead = new Set([...docs.keys()].filter((id) => id % 3 === 0));
    await text.merge((id) => !dead.has(id));
    expect(db.prepare('SELECT count(*) FROM text_segments').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM text_delta').pluck().get()).toBe(0);
    check((id) => !dead.has(id));
    // Dead contents are gone from the postings.
    const all = reader.candidates(trigramPlan(parsePattern('a', true)));
    expect(all).toBeNull();
    const render = reader.candidates(trigramPlan(parsePattern('render', true)))!;
    expect([...render].some((id) => dead.has(id))).toBe(false);
  });
});
