import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App.js';
import { plainTextKit } from './editor/plainTextKit.js';
import { InMemoryWorkspaceForTests } from './testing/renderApp.test-support.js';

describe('App', () => {
  it('catches up with a restarted host when hostGeneration changes, and only then', async () => {
    const ws = new InMemoryWorkspaceForTests({ '/w/a.txt': 'a' });
    const workspace = ws.connected();
    const view = render(<App workspace={workspace} editorKit={plainTextKit} hostGeneration={1} />);
    await screen.findByRole('treeitem', { name: 'a.txt' });
    const reloads = () => ws.calls.filter((c) => c === 'getRoots').length;
    expect(reloads()).toBe(1);

    view.rerender(<App workspace={workspace} editorKit={plainTextKit} hostGeneration={1} />);
    ws.addFile('/w/b.txt', 'b');
    view.rerender(<App workspace={workspace} editorKit={plainTextKit} hostGeneration={2} />);
    await screen.findByRole('treeitem', { name: 'b.txt' });
    await waitFor(() => expect(reloads()).toBe(2));
    view.unmount();
  });
});
