// The Policies page and the Settings editor against a real host whose policy engine reads a
// fixture folder: what the page shows is what the engine resolved, Reload re-reads the files,
// and a managed setting is locked in the UI as it is in the host.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App, plainTextKit } from '@marie/ui';
import { policyFixture, type HostUnderTest, type PolicyFixture } from './support/policyFixture.js';

// The first open compiles the page's module (a lazy chunk): slow on a busy machine.
const lazyChunk = { timeout: 10_000 };
let fx: PolicyFixture;
let run: HostUnderTest;

beforeEach(async () => {
  fx = policyFixture('marie-int-policy-');
  fx.writePolicy('managed', '10-base.json', { TelemetryLevel: 'error', AIEnabled: false });
  fx.writePolicy('managed', '20-override.json', { TelemetryLevel: 'off' });
  fx.writePolicy('managed', '30-bad.json', { AuditLevel: 'loud' });
  fx.writePolicy('recommended', '10-rec.json', { UpdateMode: 'manual' });
  writeFileSync(join(fx.userDataDir, 'settings.json'), JSON.stringify({ 'update.mode': 'auto' }));
  run = await fx.start();
});

afterEach(() => {
  cleanup();
  fx.dispose();
});

function renderWorkbench() {
  const { workspace, policy, settings } = run.services;
  render(<App workspace={workspace} policy={policy} settings={settings} editorKit={plainTextKit} />);
  return screen.findByLabelText('Folder path');
}

const key = (k: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(document.activeElement ?? document.body, { key: k, code: `Key${k.toUpperCase()}`, ctrlKey: true, ...init });
const policyRow = (name: string) => within(screen.getByRole('table', { name: 'Policies' })).getByRole('rowheader', { name }).closest('tr')!;
const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);

describe('Policies page', () => {
  it('opens from its shortcut lazily and shows every set key with value, source, level, scope and status', async () => {
    await renderWorkbench();
    key('k');
    key('p', { altKey: true });
    const page = await screen.findByRole('dialog', { name: 'Policies' }, lazyChunk);
    await within(page).findByRole('table', { name: 'Policies' });

    expect(cells(policyRow('TelemetryLevel')).slice(0, 5)).toEqual(['off', 'machine', 'mandatory', 'machine', expect.stringMatching(/^Conflict/)]);
    expect(policyRow('TelemetryLevel').textContent).toMatch(/10-base\.json.*20-override\.json/);
    expect(cells(policyRow('AIEnabled')).slice(0, 5)).toEqual(['false', 'machine', 'mandatory', 'machine', 'OK']);
    expect(cells(policyRow('UpdateMode')).slice(0, 5)).toEqual(['auto', 'user', '—', '—', 'Overridden']);
    // A value of the wrong type is rejected whole: the default stays, and the row says why.
    expect(cells(policyRow('AuditLevel')).slice(0, 5)).toEqual(['security', 'default', '—', '—', expect.stringMatching(/^Error.*30-bad\.json/)]);
    // Unset keys only on request, as chrome://policy does.
    expect(within(page).queryByRole('rowheader', { name: 'RequireSignIn' })).toBeNull();
    fireEvent.click(within(page).getByLabelText('Show policies with no value set'));
    expect(cells(policyRow('RequireSignIn')).slice(0, 5)).toEqual(['false', 'default', '—', '—', 'Unset']);

    fireEvent.change(within(page).getByLabelText('Filter policies'), { target: { value: 'telemetry' } });
    expect(within(page).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['TelemetryLevel']);
  });

  it('lists the overridden sources on expand', async () => {
    await renderWorkbench();
    key('k');
    key('p', { altKey: true });
    await screen.findByRole('table', { name: 'Policies' }, lazyChunk);
    const more = within(policyRow('UpdateMode')).getByRole('button', { name: 'Show details of UpdateMode' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const overridden = screen.getByRole('table', { name: 'Sources overridden for UpdateMode' });
    expect(within(overridden).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['machinemanual']);
    expect(document.getElementById(more.getAttribute('aria-controls')!)?.textContent).toContain('manual');
  });

  it('Reload re-reads the policy files through the host and shows the new value', async () => {
    await renderWorkbench();
    key('k');
    key('p', { altKey: true });
    await screen.findByRole('table', { name: 'Policies' }, lazyChunk);
    fx.writePolicy('managed', '20-override.json', { TelemetryLevel: 'crash' });
    // The host does not watch in this test: without Reload nothing changes.
    await new Promise((r) => setTimeout(r, 50));
    expect(cells(policyRow('TelemetryLevel'))[0]).toBe('off');
    fireEvent.click(screen.getByRole('button', { name: 'Reload policies' }));
    await waitFor(() => expect(cells(policyRow('TelemetryLevel'))[0]).toBe('crash'));
  });

  it('Escape closes the page and gives focus back', async () => {
    const field = await renderWorkbench();
    field.focus();
    key('k');
    key('p', { altKey: true });
    const filter = await screen.findByLabelText('Filter policies', undefined, lazyChunk);
    expect(document.activeElement).toBe(filter);
    fireEvent.keyDown(filter, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Policies' })).toBeNull();
    expect(document.activeElement).toBe(field);
  });
});

describe('Settings editor', () => {
  async function openSettings() {
    await renderWorkbench();
    key(',', { code: 'Comma' });
    return screen.findByRole('dialog', { name: 'Settings' }, lazyChunk);
  }

  it('shows "Managed by your organization" with the source on a locked setting, whose control is disabled', async () => {
    const page = await openSettings();
    const ai = (await within(page).findByLabelText('Ai: Enabled')) as HTMLInputElement;
    expect(ai.disabled).toBe(true);
    expect(ai.checked).toBe(false);
    const item = ai.closest('[data-setting]') as HTMLElement;
    const badge = within(item).getByTestId('managed-badge');
    expect(badge.textContent).toContain('Managed by your organization');
    expect(badge.getAttribute('title')).toBe('Set by machine policy AIEnabled (mandatory)');
    const described = ai.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described.join(' ')).toContain('Managed by your organization. Set by machine policy AIEnabled (mandatory).');
    expect(within(item).getByRole('button', { name: 'Reset Ai: Enabled' })).toHaveProperty('disabled', true);
    expect((within(page).getByLabelText('Telemetry: Telemetry Level') as HTMLSelectElement).disabled).toBe(true);
    // Recommended is a default, not a lock: the user's own value stands and can change.
    const mode = within(page).getByLabelText('Update: Mode') as HTMLSelectElement;
    expect([mode.disabled, mode.value]).toEqual([false, 'auto']);
    expect(within(mode.closest('[data-setting]') as HTMLElement).queryByTestId('managed-badge')).toBeNull();
  });

  it('changes and resets a free setting; a value the host refuses is shown inline and kept as typed', async () => {
    const page = await openSettings();
    const mode = (await within(page).findByLabelText('Update: Mode')) as HTMLSelectElement;
    fireEvent.change(mode, { target: { value: 'off' } });
    await waitFor(() => expect(JSON.parse(readFileSync(join(fx.userDataDir, 'settings.json'), 'utf8'))).toEqual({ 'update.mode': 'off' }));

    const noProxy = within(page).getByLabelText('Http: No Proxy') as HTMLTextAreaElement;
    fireEvent.change(noProxy, { target: { value: 'corp.example\nnot a host!' } });
    fireEvent.blur(noProxy);
    const error = await within(noProxy.closest('[data-setting]') as HTMLElement).findByRole('alert');
    expect(error.textContent).toMatch(/http\.noProxy/);
    expect(noProxy.value).toBe('corp.example\nnot a host!');
    expect(noProxy.getAttribute('aria-invalid')).toBe('true');
    expect(noProxy.getAttribute('aria-describedby')).toContain(error.id);
    expect(JSON.parse(readFileSync(join(fx.userDataDir, 'settings.json'), 'utf8'))).toEqual({ 'update.mode': 'off' });

    fireEvent.change(noProxy, { target: { value: 'corp.example\n*.internal.example' } });
    fireEvent.keyDown(noProxy, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(JSON.parse(readFileSync(join(fx.userDataDir, 'settings.json'), 'utf8'))['http.noProxy']).toEqual(['corp.example', '*.internal.example']));
    expect(within(noProxy.closest('[data-setting]') as HTMLElement).queryByRole('alert')).toBeNull();

    fireEvent.click(within(page).getByRole('button', { name: 'Reset Update: Mode' }));
    await waitFor(() => expect(mode.value).toBe('manual'));
    expect(JSON.parse(readFileSync(join(fx.userDataDir, 'settings.json'), 'utf8'))).toEqual({ 'http.noProxy': ['corp.example', '*.internal.example'] });
  });

  it('locks a setting live when a mandatory policy appears, keeping what the user had typed', async () => {
    const page = await openSettings();
    const noProxy = (await within(page).findByLabelText('Http: No Proxy')) as HTMLTextAreaElement;
    fireEvent.change(noProxy, { target: { value: 'mine.example' } });
    fx.writePolicy('managed', '30-proxy.json', { ProxyBypassList: ['corp.example'] });
    await act(() => run.host.policy.engine.reload());
    await waitFor(() => expect(noProxy.disabled).toBe(true));
    expect(noProxy.value).toBe('corp.example');
    expect(within(noProxy.closest('[data-setting]') as HTMLElement).getByTestId('managed-badge').getAttribute('title')).toBe('Set by machine policy ProxyBypassList (mandatory)');

    fx.writePolicy('managed', '30-proxy.json', {});
    await act(() => run.host.policy.engine.reload());
    await waitFor(() => expect(noProxy.disabled).toBe(false));
    expect(noProxy.value).toBe('mine.example');
  });
});
