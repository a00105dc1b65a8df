import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostToMain } from '../common/hostMessages.js';
import { createParentTrash } from './parentTrash.js';

describe('parent trash', () => {
  afterEach(() => vi.useRealTimers());

  it('asks main and resolves or rejects with its answer', async () => {
    const sent: HostToMain[] = [];
    const trash = createParentTrash((m) => sent.push(m));
    const ok = trash.moveToTrash('/w/a.txt');
    const refused = trash.moveToTrash('/etc/passwd');
    expect(sent).toEqual([
      { type: 'trash', id: 0, path: '/w/a.txt' },
      { type: 'trash', id: 1, path: '/etc/passwd' },
    ]);
    trash.settle({ id: 1, error: 'outside the open folders' });
    trash.settle({ id: 0 });
    trash.settle({ id: 0, error: 'late duplicate is ignored' });
    await expect(ok).resolves.toBe(true);
    await expect(refused).rejects.toThrow('outside the open folders');
  });

  it('gives up when main never answers', async () => {
    vi.useFakeTimers();
    const trash = createParentTrash(() => {}, 1_000);
    const result = trash.moveToTrash('/w/a.txt');
    vi.advanceTimersByTime(1_000);
    await expect(result).rejects.toThrow(/in time/);
  });
});
