// Policy in the real product: `marie serve` (the CLI, spawned) with a managed policy folder
// (MARIE_POLICY_ROOT), the workbench in Chromium. The Policies page and the Settings editor
// show what the engine resolved; and each enforced policy with a code path is refused on the
// CLI and in the browser with its stable code (the RPC path is in integration/policyConformance).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyMetadataEntry } from '@marie/protocol';
import { launchChromium } from './support/chromium.js';
import { repoRoot, serveFolder, type ServedWorkbench } from './support/serveProcess.js';

const cli = resolve(repoRoot, 'apps/cli/dist/main.js');
// Generated from the registry (a test fails when it is stale); every key a setting backs.
const settingKeys = (JSON.parse(readFileSync(resolve(repoRoot, 'packages/enterprise-agent/templates/policy-metadata.json'), 'utf8')) as PolicyMetadataEntry[]).filter((m) => m.setting !== null);
let browser: Browser;
let base: string;
let policyRoot: string;
let trusted: string;
let untrusted: string;
let env: Record<string, string>;
const servers: ServedWorkbench[] = [];

const managed = (values: Record<string, unknown>) => writeFileSync(join(policyRoot, 'managed', '10-base.json'), JSON.stringify(values));
const basePolicy = () => ({ TelemetryLevel: 'error', AIEnabled: false, RequireFolderTrust: true, TrustedFolders: [trusted] });

function marie(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: base, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function serve(folder: string | undefined): Promise<ServedWorkbench> {
  const served = await serveFolder(folder, [], env);
  servers.push(served);
  return served;
}

beforeAll(async () => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-e2e-policy-')));
  policyRoot = join(base, 'policies');
  trusted = join(base, 'trusted');
  untrusted = join(base, 'elsewhere');
  for (const d of [join(policyRoot, 'managed'), join(policyRoot, 'recommended'), join(trusted, 'project'), untrusted, join(base, 'user')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(trusted, 'project', 'README.md'), '# trusted\n');
  env = { MARIE_POLICY_ROOT: policyRoot, MARIE_USER_DATA_DIR: join(base, 'user') };
  managed(basePolicy());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  rmSync(base, { recursive: true, force: true });
});

async function openWorkbench(served: ServedWorkbench): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(served.url);
  await page.getByRole('tree', { name: 'Explorer' }).waitFor();
  return page;
}

const policyCells = (page: Page, key: string) => page.getByRole('table', { name: 'Policies' }).locator(`tr[data-policy="${key}"] td`);

describe('the Policies page and the Settings editor in Chromium', () => {
  it('shows a managed key with value, source and level, and Reload shows the file’s new value', async () => {
    managed(basePolicy());
    const page = await openWorkbench(await serve(join(trusted, 'project')));
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+Alt+P');
    await page.getByRole('dialog', { name: 'Policies' }).waitFor();
    await expect.poll(() => policyCells(page, 'AIEnabled').allTextContents()).toEqual(['false', 'machine', 'mandatory', 'machine', 'OK', 'Show more']);
    expect(await policyCells(page, 'TelemetryLevel').first().textContent()).toBe('error');

    managed({ ...basePolicy(), TelemetryLevel: 'crash' });
    await page.getByRole('button', { name: 'Reload policies' }).click();
    await expect.poll(() => policyCells(page, 'TelemetryLevel').first().textContent()).toBe('crash');
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'policies.png') });
    await page.close();
  });

  it('the Settings editor locks a managed setting (source on hover) and it cannot be changed; a new lock arrives live', async () => {
    managed(basePolicy());
    const page = await openWorkbench(await serve(join(trusted, 'project')));
    await page.keyboard.press('Control+Comma');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    const ai = dialog.getByRole('checkbox', { name: 'Ai: Enabled' });
    await ai.waitFor();
    expect([await ai.isDisabled(), await ai.isChecked()]).toEqual([true, false]);
    const item = dialog.locator('[data-setting="ai.enabled"]');
    const badge = item.getByTestId('managed-badge');
    expect(await badge.textContent()).toContain('Managed by your organization');
    expect(await badge.getAttribute('title')).toBe('Set by machine policy AIEnabled (mandatory)');
    await expect.poll(() => ai.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' '))).toContain('Set by machine policy AIEnabled (mandatory)');
    // A real click on the disabled box does nothing, and nothing is written.
    await ai.click({ force: true });
    expect(await ai.isChecked()).toBe(false);
    expect(existsSync(join(base, 'user', 'settings.json'))).toBe(false);

    // The host watches the policy folder: a mandatory UpdateMode locks update.mode without a reload.
    const mode = dialog.getByRole('combobox', { name: 'Update: Mode' });
    expect(await mode.isDisabled()).toBe(false);
    managed({ ...basePolicy(), UpdateMode: 'off' });
    await expect.poll(() => mode.isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await mode.inputValue()).toBe('off');
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'settings.png') });
    managed(basePolicy());
    await page.close();
  });
});

describe('conformance: RequireFolderTrust', () => {
  it('the workbench in Chromium: the welcome page shows the refusal, which crossed the socket as E_POLICY_DENIED', async () => {
    managed(basePolicy());
    const served = await serve(undefined);
    const page = await browser.newPage();
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => void frames.push(String(payload))));
    await page.goto(served.url);
    await page.getByLabel('Folder path').fill(untrusted);
    await page.getByRole('button', { name: 'Open folder' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'blocked by policy' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`Opening ${untrusted} is blocked by policy RequireFolderTrust`);
    expect(frames.some((f) => f.includes('"E_POLICY_DENIED"') && f.includes('RequireFolderTrust'))).toBe(true);
    expect(await page.getByRole('tree', { name: 'Explorer' }).count()).toBe(0);
    await page.getByLabel('Folder path').fill(join(trusted, 'project'));
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('tree', { name: 'Explorer' }).waitFor();
    await page.close();
  });

  it('the CLI: serve and fs refuse an untrusted folder with E_POLICY_DENIED and accept a trusted one', () => {
    managed(basePolicy());
    for (const args of [['serve', untrusted], ['fs', 'ls', '.', '--root', untrusted]]) {
      const r = marie(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(/blocked by policy RequireFolderTrust.*\(E_POLICY_DENIED\)/);
    }
    expect(marie(['fs', 'ls', '.', '--root', join(trusted, 'project')])).toMatchObject({ code: 0, out: 'README.md\n' });
  });
});

describe('conformance: settings locked by a mandatory policy', () => {
  it('the CLI: settings set is refused with E_POLICY_DENIED for every setting-backed key, and works without the lock', () => {
    const keys = settingKeys;
    expect(keys.length).toBeGreaterThan(0);
    managed({});
    for (const m of keys) expect(marie(['settings', 'set', m.setting!, JSON.stringify(m.default)]).code, m.key).toBe(0);
    managed(Object.fromEntries(keys.map((m) => [m.key, m.example])));
    for (const m of keys) {
      const r = marie(['settings', 'set', m.setting!, JSON.stringify(m.default)]);
      expect(r.code, m.key).toBe(1);
      expect(r.err, m.key).toContain(`${m.setting} is managed by your organization (machine policy ${m.key})`);
      expect(r.err, m.key).toContain('(E_POLICY_DENIED)');
    }
    managed(basePolicy());
  });
});
