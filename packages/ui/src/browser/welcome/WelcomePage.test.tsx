import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../testing/renderApp.test-support.js';

afterEach(cleanup);

describe('welcome page', () => {
  it('asks for a folder when no root is open, shows errors inline, then opens the explorer', async () => {
    const { ws } = await renderApp({ '/projects/app/readme.md': '# hi' }, { roots: 'none' });
    const field = await screen.findByLabelText('Folder path');
    const open = screen.getByRole('button', { name: 'Open folder' });

    fireEvent.change(field, { target: { value: '/nope' } });
    fireEvent.click(open);
    expect((await screen.findByRole('alert')).textContent).toContain('No folder at /nope');

    fireEvent.change(field, { target: { value: '/projects/app' } });
    fireEvent.click(open);
    expect((await screen.findByRole('treeitem', { name: 'app' })).getAttribute('aria-expanded')).toBe('true');
    expect(await screen.findByRole('treeitem', { name: 'readme.md' })).toBeTruthy();
    expect(ws.calls).toContain('openFolder /projects/app');
    expect(screen.queryByLabelText('Folder path')).toBeNull();
  });
});
