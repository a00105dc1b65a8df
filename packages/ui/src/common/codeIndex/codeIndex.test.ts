import { describe, expect, it } from 'vitest';
import type { ReferenceInfo } from '@marie/protocol';
import { fileItem } from './fileSource.js';
import { fuzzyHighlight } from './fuzzyHighlight.js';
import { readyStatus } from './inMemoryIndex.test-support.js';
import { describeIndexStatus, indexPercent } from './indexStatus.js';
import { matchPreview } from './matchPreview.js';
import { groupByFile } from './referencesModel.js';
import { relativePath } from './relativePath.js';

const roots = [{ path: '/w', name: 'w' }];

describe('code index helpers', () => {
  it('splits quick-open positions between the file name and its folder', () => {
    // "/w/src/app/main.ts": s=3 a=7 m=11 t=16
    const item = fileItem({ path: '/w/src/app/main.ts', score: 1, positions: [3, 7, 11, 16] }, roots, () => {});
    expect(item).toMatchObject({ label: 'main.ts', labelHighlights: [0, 5], description: 'src/app', descriptionHighlights: [0, 4] });
  });

  it('names paths relative to their root, with the root name when there are several', () => {
    expect(relativePath('/w/a/b.ts', roots)).toBe('a/b.ts');
    expect(relativePath('/x/b.ts', [...roots, { path: '/x', name: 'x' }])).toBe('x/b.ts');
    expect(relativePath('/elsewhere/c.ts', roots)).toBe('/elsewhere/c.ts');
  });

  it('highlights a contiguous run first, else an in-order subsequence', () => {
    expect(fuzzyHighlight('Tot', 'addTotal')).toEqual([3, 4, 5]);
    expect(fuzzyHighlight('gC', 'getCount')).toEqual([0, 3]);
    expect(fuzzyHighlight('zz', 'getCount')).toEqual([]);
  });

  it('places a match in its preview: indentation dropped, clipped previews by previewColumn', () => {
    const m: Parameters<typeof matchPreview>[0] = { path: '/w/a', line: 3, column: 9, length: 5, preview: '    call(total)' };
    expect(matchPreview(m)).toEqual({ text: 'call(total)', start: 5, length: 5 });
    expect(matchPreview({ ...m, column: 900, preview: 'xx total yy', previewColumn: 3 })).toEqual({ text: 'xx total yy', start: 3, length: 5 });
    expect(matchPreview({ ...m, column: 900, preview: 'short' }).start).toBeUndefined();
  });

  it('groups references by file in path order, sorted by position, without duplicates', () => {
    const ref = (path: string, line: number, col: number): ReferenceInfo => ({ name: 'x', kind: 'call', path, range: { startLine: line, startColumn: col, endLine: line, endColumn: col + 1 } });
    const groups = groupByFile([ref('/w/b', 5, 0), ref('/w/a', 9, 1), ref('/w/b', 1, 4), ref('/w/b', 5, 0)]);
    expect(groups.map((g) => [g.path, g.items.map((r) => r.range.startLine)])).toEqual([
      ['/w/a', [9]],
      ['/w/b', [1, 5]],
    ]);
  });

  it('describes the index status for the status bar', () => {
    expect(describeIndexStatus({ ...readyStatus, phase: 'storing', filesDone: 10, filesTotal: 20, etaMs: 2_400 })).toBe('Indexing: saving… 10/20 files, 2s left');
    expect(describeIndexStatus({ ...readyStatus, phase: 'idle', files: 1, symbols: 1 })).toBe('1 symbol in 1 file');
    expect(indexPercent({ ...readyStatus, phase: 'parsing', filesDone: 1, filesTotal: 3 })).toBe(33);
    expect(indexPercent({ ...readyStatus, phase: 'ready', filesDone: 1, filesTotal: 3 })).toBeUndefined();
  });
});
