import { describe, expect, it } from 'vitest';
import { lowerAligned, NO_MATCH, prepareQuery, scorePath, scoreSymbol } from './matchScore.js';

function rankPaths(query: string, paths: string[]): string[] {
  const q = prepareQuery(query);
  return paths
    .map((p) => ({ p, s: scorePath(q, p, lowerAligned(p), p.lastIndexOf('/') + 1) }))
    .filter((x) => x.s > NO_MATCH)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.p);
}

function rankSymbols(query: string, names: string[]): string[] {
  const q = prepareQuery(query);
  return names
    .map((n) => ({ n, s: scoreSymbol(q, n, lowerAligned(n)) }))
    .filter((x) => x.s > NO_MATCH)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.n);
}

describe('quick open ranking', () => {
  it('puts a file-name match above the same letters spread over folders', () => {
    expect(rankPaths('index', ['src/in/de/x.ts', 'src/indexer/main.ts', 'src/node/index.ts'])).toEqual(['src/node/index.ts', 'src/indexer/main.ts', 'src/in/de/x.ts']);
  });

  it('prefers contiguous matches', () => {
    expect(rankPaths('store', ['src/s/t/o/r/e.ts', 'a/setTimeoutOrReload.ts', 'lib/store.ts'])[0]).toBe('lib/store.ts');
    expect(rankPaths('parse', ['p/a/r/s/e.js', 'src/parser.ts'])).toEqual(['src/parser.ts', 'p/a/r/s/e.js']);
  });

  it('matches word starts and camel humps in file names', () => {
    expect(rankPaths('wsi', ['src/wise.ts', 'src/node/workspaceIndex.ts', 'src/twosides.ts'])[0]).toBe('src/node/workspaceIndex.ts');
  });

  it('prefers the exact name, then a prefix, then shorter paths', () => {
    expect(rankPaths('main', ['a/b/c/main.ts', 'src/mainWindow.ts', 'main.ts', 'x/domain.ts'])).toEqual(['main.ts', 'a/b/c/main.ts', 'src/mainWindow.ts', 'x/domain.ts']);
  });

  it('uses folders when the query names them', () => {
    expect(rankPaths('node/index', ['src/common/index.ts', 'src/node/index.ts'])[0]).toBe('src/node/index.ts');
    expect(rankPaths('srv idx', ['client/index.ts', 'server/index.ts'])[0]).toBe('server/index.ts');
  });

  it('rejects what is not a subsequence', () => {
    expect(rankPaths('xyz', ['src/index.ts'])).toEqual([]);
  });
});

describe('workspace symbol matching', () => {
  it('matches camelCase humps case-insensitively', () => {
    const ranked = rankSymbols('gTD', ['goToDefinition', 'getTextDocument', 'budget', 'gtd']);
    expect(ranked[0]).toBe('gtd');
    expect(ranked.slice(1).sort()).toEqual(['getTextDocument', 'goToDefinition']);
    expect(rankSymbols('gtd', ['goToDefinition'])).toEqual(['goToDefinition']);
    expect(rankSymbols('GoToDef', ['goToDefinition', 'GoToDeferred'])).toHaveLength(2);
  });

  it('requires the first character at a word start', () => {
    expect(rankSymbols('td', ['goToDefinition', 'budget'])).toEqual(['goToDefinition']);
    expect(rankSymbols('parse', ['_parseFile', 'sparse'])).toEqual(['_parseFile']);
  });

  it('ranks exact, then prefix, then fuzzy', () => {
    const ranked = rankSymbols('render', ['preRender', 'renderAll', 'xrendery', 'render', 'reRenderNode']);
    expect(ranked.slice(0, 2)).toEqual(['render', 'renderAll']);
    expect(ranked.slice(2).sort()).toEqual(['preRender', 'reRenderNode']);
    expect(rankSymbols('HTMLParser', ['HtmlParser', 'HTMLParser'])[0]).toBe('HTMLParser');
  });

  it('handles acronyms and snake_case', () => {
    expect(rankSymbols('hp', ['HTMLParser', 'happy'])[0]).toBe('HTMLParser');
    expect(rankSymbols('mls', ['MAX_LINE_SIZE', 'malls'])[0]).toBe('MAX_LINE_SIZE');
  });
});
