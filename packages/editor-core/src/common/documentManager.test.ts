import { describe, expect, it } from 'vitest';
import { DocumentManager } from './documentManager.js';
import { FakeDisk } from './fakeDisk.test-support.js';
import { createStringBuffer } from './textBuffer.js';

function setup() {
  const disk = new FakeDisk();
  const errors: string[] = [];
  const manager = new DocumentManager({ files: disk, createBuffer: createStringBuffer, onError: (e) => errors.push(e.code) });
  return { disk, manager, errors };
}

describe('DocumentManager', () => {
  it('opens text, binary and missing files as snapshots', async () => {
    const { disk, manager } = setup();
    disk.put('/w/a.txt', 'x');
    disk.put('/w/b.png', '');
    disk.binary.add('/w/b.png');
    const kinds: string[] = [];
    manager.onDidChange((c) => kinds.push(`${c.path}:${c.snapshot?.kind}`));
    expect((await manager.open('/w/a.txt')).kind).toBe('text');
    expect((await manager.open('/w/b.png')).kind).toBe('binary');
    const missing = await manager.open('/w/none');
    expect(missing).toMatchObject({ kind: 'unavailable', error: { code: 'E_NOT_FOUND' } });
    expect(kinds).toEqual(['/w/a.txt:loading', '/w/a.txt:text', '/w/b.png:loading', '/w/b.png:binary', '/w/none:loading', '/w/none:unavailable']);
  });

  it('concurrent opens share one read', async () => {
    const { disk, manager } = setup();
    disk.put('/w/a.txt', 'x');
    const [a, b] = await Promise.all([manager.open('/w/a.txt'), manager.open('/w/a.txt')]);
    expect(a).toBe(b);
  });

  it('routes watcher events to documents at or under the changed path', async () => {
    const { disk, manager } = setup();
    disk.put('/w/d/a.txt', 'x');
    await manager.open('/w/d/a.txt');
    disk.remove('/w/d/a.txt');
    manager.handleFileChanges([{ type: 'deleted', path: '/w/d' }]);
    await new Promise((r) => setTimeout(r, 0));
    await manager.get('/w/d/a.txt')!.checkDisk();
    expect(manager.snapshot('/w/d/a.txt')).toMatchObject({ disk: 'deleted' });
  });

  it('retries an unavailable file when it appears', async () => {
    const { disk, manager } = setup();
    await manager.open('/w/later.txt');
    disk.put('/w/later.txt', 'now');
    manager.handleFileChanges([{ type: 'added', path: '/w/later.txt' }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(manager.snapshot('/w/later.txt')?.kind).toBe('text');
  });

  it('close disposes and reports undefined; closing during open discards the result', async () => {
    const { disk, manager } = setup();
    disk.put('/w/a.txt', 'x');
    const opening = manager.open('/w/a.txt');
    manager.close('/w/a.txt');
    await opening;
    expect(manager.snapshot('/w/a.txt')).toBeUndefined();
    expect(manager.openPaths).toEqual([]);
  });
});
