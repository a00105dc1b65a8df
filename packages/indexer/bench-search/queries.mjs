// Query sets shared by the search benchmarks (bench-search/run.ts and bench-index/warm.mjs),
// drawn deterministically from the indexed corpus itself so they hit real names and paths.

/** Quick-open queries: mostly prefixes of real file names, some scattered letters. */
export function pathQueries(index, rand, count) {
  const all = index.quickOpen('a', { limit: 5000 }).items.map((i) => i.relativePath);
  return Array.from({ length: count }, () => {
    const p = all[Math.floor(rand() * all.length)];
    const base = p.slice(p.lastIndexOf('/') + 1).replace(/\.\w+$/u, '');
    const len = 2 + Math.floor(rand() * Math.min(8, Math.max(1, base.length - 1)));
    return rand() < 0.7 ? base.slice(0, len) : [...base].filter(() => rand() < 0.5).join('').slice(0, 6) || base.slice(0, 3);
  });
}

/** Real defined names, for symbol queries and definition lookups. */
export function symbolNames(index) {
  return index.searchSymbols('e', { limit: 3000 }).items.map((s) => s.name);
}

/** Workspace-symbol queries: prefixes, camelCase humps, lower-case fragments. */
export function symbolQueries(names, rand, count) {
  return Array.from({ length: count }, () => {
    const n = names[Math.floor(rand() * names.length)];
    const humps = n.match(/[A-Z]/gu)?.join('') ?? '';
    const r = rand();
    return r < 0.5 ? n.slice(0, 2 + Math.floor(rand() * 5)) : r < 0.8 && humps.length >= 2 ? n[0] + humps : n.toLowerCase().slice(0, 4);
  });
}

/** Find-in-files queries: selective literals and regexes an IDE user types. */
export const TEXT_QUERIES = [
  { pattern: 'createElementNS' },
  { pattern: 'getBoundingClientRect' },
  { pattern: 'XMLHttpRequest' },
  { pattern: 'defineProperty(exports' },
  { pattern: 'TODO(' },
  { pattern: 'sourceMappingURL=data:' },
  { pattern: 'import\\s+\\{[^}]*useState', isRegExp: true },
  { pattern: 'function\\s+parse[A-Z]\\w+', isRegExp: true },
  { pattern: 'new\\s+WeakMap\\(', isRegExp: true },
  { pattern: 'class \\w+Error extends', isRegExp: true },
];
