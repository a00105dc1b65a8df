import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryAuthForTests } from '../../common/accountAuth.test-support.js';
import { App } from '../App.js';
import { plainTextKit } from '../editor/plainTextKit.js';
import { InMemoryWorkspaceForTests, openFromExplorer, shortcut, typeInto } from '../testing/renderApp.test-support.js';

// The sign-in page opens in a tab reserved inside the click; jsdom has no windows, so a fake one records where it went.
let tab: { opener: unknown; location: { replace: ReturnType<typeof vi.fn> }; close: ReturnType<typeof vi.fn> };
beforeEach(() => {
  tab = { opener: 'workbench', location: { replace: vi.fn() }, close: vi.fn() };
  vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

// The lock screen and the menu are lazy chunks: the first import compiles them.
const lazyChunk = { timeout: 10_000 };

async function renderWithAuth(auth: InMemoryAuthForTests) {
  const ws = new InMemoryWorkspaceForTests({ '/w/a.txt': 'alpha' });
  render(<App workspace={ws.connected()} auth={auth.connected()} editorKit={plainTextKit} />);
  await screen.findByRole('treeitem', { name: 'w' });
  return ws;
}

const accountItem = () => screen.findByTestId('status-account');
const lockable = () => document.querySelector('.app-lockable')!;

describe('the account item and menu', () => {
  it('signs in from the status bar, shows email and organisation, and signs out from the menu', async () => {
    const auth = new InMemoryAuthForTests();
    await renderWithAuth(auth);
    expect((await accountItem()).textContent).toBe('Sign in');
    fireEvent.click(await accountItem());
    const dialog = await screen.findByRole('dialog', { name: 'Sign in' }, lazyChunk);
    fireEvent.change(within(dialog).getByLabelText('Server'), { target: { value: 'http://127.0.0.1:4000' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await within(dialog).findByText(/Finish signing in in the browser tab/);
    expect(auth.calls).toEqual(['signIn http://127.0.0.1:4000']);
    // The reserved tab lost its opener and went to the broker's URL.
    expect(tab.opener).toBeNull();
    expect(tab.location.replace).toHaveBeenCalledWith('https://idp.test/authorize?state=s');
    expect(within(dialog).getByRole('link', { name: 'Open the sign-in page' }).getAttribute('rel')).toBe('noopener noreferrer');

    act(() => auth.complete('alice@acme.test'));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Sign in' })).toBeNull());
    expect((await accountItem()).textContent).toBe('alice@acme.test (acme)');

    fireEvent.click(await accountItem());
    const menu = await screen.findByRole('menu', { name: 'Account' }, lazyChunk);
    expect(menu.textContent).toMatch(/Organisation: acme/);
    expect(menu.textContent).toMatch(/OS keychain/);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Sign out' }));
    await waitFor(async () => expect((await accountItem()).textContent).toBe('Sign in'));
    expect(auth.calls).toContain('signOut');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('names the weaker store in the status bar and the menu', async () => {
    const auth = new InMemoryAuthForTests({ signedIn: true, storeKind: 'weaker-file', weakerStore: true, profile: { subject: 's', email: 'bob@acme.test', org: 'acme', mfa: true }, sessionEndsAt: null });
    await renderWithAuth(auth);
    await waitFor(async () => expect((await accountItem()).textContent).toBe('bob@acme.test (acme) · weaker store'));
    fireEvent.click(await accountItem());
    expect((await screen.findByRole('menu', { name: 'Account' }, lazyChunk)).textContent).toMatch(/Weaker store: no OS keychain/);
  });

  it('shows why a sign-in could not start, and closes the tab it reserved', async () => {
    const auth = new InMemoryAuthForTests({ server: 'http://127.0.0.1:4000' });
    await renderWithAuth(auth);
    auth.failNextSignIn = 'http://marie.example.com is not https';
    fireEvent.click(await accountItem());
    const dialog = await screen.findByRole('dialog', { name: 'Sign in' }, lazyChunk);
    expect((within(dialog).getByLabelText('Server') as HTMLInputElement).value).toBe('http://127.0.0.1:4000');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('http://marie.example.com is not https');
    expect(tab.close).toHaveBeenCalled();
  });
});

describe('the lock screen when policy requires sign-in', () => {
  it('locks the workbench (inert, shortcuts refused), keeps the unsaved buffer, and unlocks when signed in', async () => {
    const auth = new InMemoryAuthForTests();
    const ws = await renderWithAuth(auth);
    const editor = await openFromExplorer('a.txt');
    typeInto(editor, 'alpha, edited');

    // Policy switched on RequireSignIn while nobody is signed in: locked at once.
    act(() => auth.set({ required: true, serverPinned: true, server: 'https://marie.corp.example' }));
    const lock = await screen.findByRole('dialog', { name: 'Sign in to continue' }, lazyChunk);
    expect(lockable().hasAttribute('inert')).toBe(true);
    expect(within(lock).getByText(/Your organisation’s server: https:\/\/marie\.corp\.example/)).toBeTruthy();
    expect(within(lock).queryByLabelText('Server')).toBeNull();
    shortcut('s');
    await new Promise((r) => setTimeout(r, 50));
    expect(ws.calls.filter((c) => c.startsWith('write'))).toEqual([]);

    fireEvent.click(within(lock).getByRole('button', { name: 'Sign in' }));
    await within(lock).findByRole('button', { name: 'Cancel sign-in' });
    expect(auth.calls).toEqual(['signIn']);
    act(() => auth.complete('alice@acme.test'));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Sign in to continue' })).toBeNull());
    expect(lockable().hasAttribute('inert')).toBe(false);
    // The edit made before the lock is still there, unsaved.
    expect((screen.getByRole('textbox', { name: 'a.txt editor' }) as HTMLTextAreaElement).value).toBe('alpha, edited');
    expect(ws.calls.filter((c) => c.startsWith('write'))).toEqual([]);
  });

  it('shows why a sign-in was refused (another organisation, MFA) and lets the user try again', async () => {
    const auth = new InMemoryAuthForTests({ required: true });
    await renderWithAuth(auth);
    const lock = await screen.findByRole('dialog', { name: 'Sign in to continue' }, lazyChunk);
    fireEvent.change(within(lock).getByLabelText('Server'), { target: { value: 'http://127.0.0.1:4000' } });
    fireEvent.click(within(lock).getByRole('button', { name: 'Sign in' }));
    await within(lock).findByRole('button', { name: 'Cancel sign-in' });
    act(() => auth.refuse('sign-in-refused', 'the sign-in was refused: multi-factor authentication is required'));
    expect((await within(lock).findByRole('alert')).textContent).toMatch(/multi-factor authentication is required/);
    expect(within(lock).getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);

    // Cancelling a sign-in under way tells the host.
    fireEvent.click(within(lock).getByRole('button', { name: 'Sign in' }));
    fireEvent.click(await within(lock).findByRole('button', { name: 'Cancel sign-in' }));
    await waitFor(() => expect(auth.calls).toContain('cancelSignIn'));
    expect(screen.getByRole('dialog', { name: 'Sign in to continue' })).toBeTruthy();
  });
});
