import { describe, expect, it } from 'vitest';
import { lowerAligned, maxFuzzySymbolScore, NO_MATCH, prepareQuery, scorePrefixSymbol, scoreSymbol } from '../../common/matchScore.js';
import { wordStartPairs } from '../../common/fuzzy.js';
import { NameTable } from '../store/catalogTables.js';
import { mulberry32 } from '../testing/trickyCorpus.js';
import { rankSymbolNames } from './rankSymbolNames.js';

/** Names in the shapes code has: camelCase, PascalCase, snake_case, acronyms, paths, `$`, digits, non-ASCII. */
function randomName(rand: () => number): string {
  const words = ['e', 'ee', 'get', 'element', 'Event', 'emit', 'HTML', 'parser', 'x', 'id', 'Set', 'ß', 'İd', 'é', '2', 'to', 'map', 'EE', 'tEE'];
  const joins = ['', '', '', '_', '$', '/', '.', '-'];
  let name = '';
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    let w = words[Math.floor(rand() * words.length)]!;
    if (rand() < 0.4) w = w[0]!.toUpperCase() + w.slice(1);
    name += (i > 0 ? joins[Math.floor(rand() * joins.length)]! : '') + w;
  }
  return name;
}

/** Queries: subsequences of a name (what users type), mangled sometimes, and random letters. */
function randomQuery(rand: () => number, name: string): string {
  if (rand() < 0.2) return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => 'etgmxsi'[Math.floor(rand() * 7)]).join('');
  let q = '';
  for (const c of name) if (rand() < 0.45) q += rand() < 0.3 ? c.toUpperCase() : c;
  return q || name.slice(0, 2);
}

describe('workspace symbol ranking', () => {
  it('never scores a name above its upper bound', () => {
    const rand = mulberry32(7);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const name = randomName(rand);
      const lower = lowerAligned(name);
      const q = prepareQuery(randomQuery(rand, name));
      if (q.lower.length === 0 || lower.startsWith(q.lower)) continue;
      const score = scoreSymbol(q, name, lower);
      if (score <= NO_MATCH) continue;
      checked++;
      expect(maxFuzzySymbolScore(q, lower, wordStartPairs(name, lower)), `${q.text} in ${name}`).toBeGreaterThanOrEqual(score);
    }
    expect(checked).toBeGreaterThan(5_000);
  });

  it('ranks exactly as scoring every name would (scores of the top k)', () => {
    const rand = mulberry32(3);
    const table = new NameTable();
    for (let id = 1; id <= 6_000; id++) table.upsert(id, `${randomName(rand)}${id % 7 === 0 ? '' : id}`, rand() < 0.1 ? 0 : 1 << Math.floor(rand() * 4));
    for (let i = 0; i < 300; i++) {
      const q = prepareQuery(randomQuery(rand, table.names[Math.floor(rand() * table.size)]!));
      if (q.lower.length === 0) continue;
      const mask = rand() < 0.3 ? 1 << Math.floor(rand() * 4) : 0;
      const k = 1 + Math.floor(rand() * 60);
      const all: number[] = [];
      for (const slot of table.defined) {
        const kinds = table.kinds[slot]!;
        if (kinds === 0 || (mask !== 0 && (kinds & mask) === 0)) continue;
        const lower = table.lowers[slot]!;
        const score = lower.startsWith(q.lower) ? scorePrefixSymbol(q, table.names[slot]!, lower) : scoreSymbol(q, table.names[slot]!, lower);
        if (score > NO_MATCH) all.push(score);
      }
      const expected = all.sort((a, b) => b - a).slice(0, k);
      expect(rankSymbolNames(table, q, mask, k).sorted().map((r) => r.score), `${q.text} mask ${mask}`).toEqual(expected);
    }
  });
});
