import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { readyStatus } from '../../common/codeIndex/inMemoryIndex.test-support.js';
import { InMemoryIndexForTests, press, renderApp } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

describe('index status in the status bar', () => {
  it('shows the phase, files done/total and time left while indexing, then the totals', async () => {
    const ix = new InMemoryIndexForTests();
    ix.currentStatus = { ...readyStatus, phase: 'discovering', filesDone: 0, filesTotal: 0 };
    await renderApp({ '/w/a.ts': '' }, { index: ix });
    const item = await screen.findByTestId('status-index');
    expect(item.textContent).toBe('Indexing: finding files…');

    act(() => ix.fireStatus({ ...readyStatus, phase: 'parsing', filesDone: 1200, filesTotal: 4800, etaMs: 75_000, files: 1200, symbols: 9000 }));
    await waitFor(() => expect(item.textContent).toBe('Indexing… 1,200/4,800 files, 1m 15s left'));
    expect(screen.getByRole('progressbar', { name: 'Indexing progress' }).getAttribute('value')).toBe('25');

    act(() => ix.fireStatus({ ...readyStatus, phase: 'ready', files: 4800, symbols: 61_234, quarantined: 2 }));
    await waitFor(() => expect(item.textContent).toBe('61,234 symbols in 4,800 files, 2 skipped'));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows a warning sign, with its reason, while the index may miss changes on disk', async () => {
    const ix = new InMemoryIndexForTests();
    ix.currentStatus = { ...readyStatus, files: 10, symbols: 20 };
    await renderApp({ '/w/a.ts': '' }, { index: ix });
    const item = await screen.findByTestId('status-index');
    expect(screen.queryByRole('img', { name: /Index warning/ })).toBeNull();
    const warning = 'inotify watch limit reached at 8192 folders (fs.inotify.max_user_watches)';
    act(() => ix.fireStatus({ ...readyStatus, files: 10, symbols: 20, warning }));
    const sign = await screen.findByRole('img', { name: `Index warning: ${warning}` });
    expect(sign.textContent).toBe('⚠');
    expect(item.getAttribute('title')).toBe(`10 files, 20 symbols indexed\n${warning}`);
    expect(item.textContent).toBe('⚠20 symbols in 10 files');
  });

  it('has no index item and only the explorer without an index', async () => {
    await renderApp({ '/w/a.ts': '' });
    expect(screen.queryByTestId('status-index')).toBeNull();
    expect(screen.queryByRole('tablist', { name: 'Side bar views' })).toBeNull();
  });
});

describe('activity bar', () => {
  it('switches the side bar between Explorer, Search and Outline with the keyboard; choosing the shown view hides the side bar', async () => {
    await renderApp({ '/w/a.ts': '' }, { index: new InMemoryIndexForTests() });
    const explorer = screen.getByRole('tab', { name: 'Explorer' });
    expect(explorer.getAttribute('aria-selected')).toBe('true');
    explorer.focus();
    press(explorer, 'ArrowDown');
    await screen.findByRole('search', { name: 'Find in files' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Search' }));
    press(document.activeElement!, 'ArrowDown');
    await screen.findByRole('tree', { name: 'Outline' });
    press(document.activeElement!, 'ArrowDown');
    await screen.findByRole('tree', { name: 'Explorer' });
    fireEvent.click(screen.getByRole('tab', { name: 'Explorer' }));
    expect(screen.queryByRole('complementary', { name: 'Side bar' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Search' }));
    await screen.findByRole('search', { name: 'Find in files' });
  });
});
