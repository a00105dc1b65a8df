import { describe, expect, it, vi } from 'vitest';
import { QuickPick, type PickItem, type PickSource } from './quickPick.js';

const item = (label: string, run = () => {}): PickItem => ({ id: label, label, labelHighlights: [], run });

/** A source whose answers the test releases by hand, in any order; it ignores aborts. */
function manualSource(debounceMs = 0) {
  const pending = new Map<string, (labels: string[]) => void>();
  const signals: AbortSignal[] = [];
  const source: PickSource = {
    title: 'T',
    placeholder: '',
    debounceMs,
    query: (text, signal) => {
      signals.push(signal);
      return new Promise((resolve) => pending.set(text, (labels) => resolve({ items: labels.map((l) => item(l)), partial: false })));
    },
  };
  return { source, pending, signals };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('QuickPick', () => {
  it('drops an answer to an older query even if it arrives last, and aborts the older request', async () => {
    const pick = new QuickPick();
    const { source, pending, signals } = manualSource();
    pick.show(source, 'a');
    await flush();
    pick.setQuery('ab');
    await flush();
    pending.get('ab')!(['ab-result']);
    await flush();
    pending.get('a')!(['stale']);
    await flush();
    expect(pick.store.getState().items.map((i) => i.label)).toEqual(['ab-result']);
    expect(pick.store.getState().loading).toBe(false);
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('debounces typing: only the last query of a burst is sent', async () => {
    vi.useFakeTimers();
    try {
      const pick = new QuickPick();
      const { source, pending } = manualSource(50);
      pick.show(source);
      await vi.advanceTimersByTimeAsync(0);
      for (const q of ['c', 'ci', 'cir']) {
        pick.setQuery(q);
        await vi.advanceTimersByTimeAsync(20);
      }
      await vi.advanceTimersByTimeAsync(50);
      expect([...pending.keys()]).toEqual(['', 'cir']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves with wrap-around, accepts the active row after closing, and hides', async () => {
    const pick = new QuickPick();
    const ran: string[] = [];
    const source: PickSource = { title: 'T', placeholder: '', debounceMs: 0, query: async () => ({ items: ['x', 'y', 'z'].map((l) => item(l, () => ran.push(l))), partial: true }) };
    pick.show(source);
    await flush();
    expect(pick.store.getState().partial).toBe(true);
    pick.move(-1);
    expect(pick.store.getState().active).toBe(2);
    pick.move(1);
    pick.move(1);
    pick.accept();
    expect(ran).toEqual(['y']);
    expect(pick.store.getState().source).toBeUndefined();
  });

  it('shows a failed query as an error, not as stale items', async () => {
    const pick = new QuickPick();
    pick.show({ title: 'T', placeholder: '', debounceMs: 0, query: () => Promise.reject(new Error('index gone')) });
    await flush();
    expect(pick.store.getState()).toMatchObject({ items: [], loading: false, error: 'index gone' });
  });
});
