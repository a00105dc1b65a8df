import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { repoRoot, serveFolder, type ServedWorkbench } from './support/serveProcess.js';

let browser: Browser;
let served: ServedWorkbench;
let folder: string;
let trashHome: string;

const editorText = (page: Page) => page.locator('.monaco-editor .view-lines').first();
/** Monaco renders spaces as U+00A0; compare with ordinary spaces. */
const shownText = async (page: Page) => ((await editorText(page).textContent()) ?? '').replace(/\u00a0/g, ' ');

async function openWorkbench(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(served.url);
  await page.getByRole('tree', { name: 'Explorer' }).waitFor();
  return page;
}

async function openFile(page: Page, ...segments: string[]): Promise<void> {
  for (const dir of segments.slice(0, -1)) {
    const item = page.getByRole('treeitem', { name: dir, exact: true });
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
  }
  await page.getByRole('treeitem', { name: segments.at(-1)!, exact: true }).dblclick();
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'marie-e2e-'));
  mkdirSync(join(folder, 'src'));
  writeFileSync(join(folder, 'src', 'main.ts'), 'export const greeting = "hello";\n');
  writeFileSync(join(folder, 'src', 'other.ts'), 'export const other = 1;\n');
  writeFileSync(join(folder, 'README.md'), '# Title\n');
  writeFileSync(join(folder, 'logo.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
  writeFileSync(join(folder, 'notes.txt'), 'first version\n');
  writeFileSync(join(folder, 'doomed.txt'), 'soon gone\n');
  mkdirSync(join(folder, 'huge'));
  for (let i = 0; i < 20_000; i++) writeFileSync(join(folder, 'huge', `entry${i}.txt`), '');
  writeFileSync(join(folder, 'big.log'), 'a log line that repeats\n'.repeat(900_000));
  writeFileSync(join(folder, 'trash-me.txt'), 'bye\n');
  trashHome = mkdtempSync(join(tmpdir(), 'marie-e2e-xdg-'));
  browser = await launchChromium();
  served = await serveFolder(folder, [], { XDG_DATA_HOME: trashHome });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('marie serve in Chromium', () => {
  it('refuses the page without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(served.origin + '/');
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('token');
    const wrong = await page.goto(served.origin + '/?token=wrong');
    expect(wrong?.status()).toBe(401);
    await page.close();
  });

  it('expands the tree, opens a file, types, saves with Ctrl+S, and the bytes reach the disk', async () => {
    const page = await openWorkbench();
    await openFile(page, 'src', 'main.ts');
    await expect.poll(() => shownText(page)).toContain('greeting');
    await page.getByTestId('status-language').filter({ hasText: /TypeScript/i }).waitFor();
    await editorText(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('export const added = 42;');
    await expect.poll(() => page.getByRole('tab', { name: /main\.ts/ }).getAttribute('data-dirty')).toBe('true');
    await page.keyboard.press('Control+S');
    await expect.poll(() => readFileSync(join(folder, 'src', 'main.ts'), 'utf8')).toBe('export const greeting = "hello";\nexport const added = 42;');
    await expect.poll(() => page.getByRole('tab', { name: /main\.ts/ }).getAttribute('data-dirty')).not.toBe('true');
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'workbench.png') });
    await page.close();
  });

  it('follows a change on disk when the editor is clean', async () => {
    const page = await openWorkbench();
    await openFile(page, 'notes.txt');
    await expect.poll(() => shownText(page)).toContain('first version');
    writeFileSync(join(folder, 'notes.txt'), 'second version from disk\n');
    await expect.poll(() => shownText(page), { timeout: 10_000 }).toContain('second version from disk');
    await page.close();
  });

  it('shows the conflict bar for a dirty file changed on disk; keep mine and take theirs both work', async () => {
    const page = await openWorkbench();
    await openFile(page, 'src', 'other.ts');
    await expect.poll(() => shownText(page)).toContain('other = 1');
    await editorText(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// mine');
    writeFileSync(join(folder, 'src', 'other.ts'), 'export const other = 2; // theirs\n');
    const bar = page.getByRole('alert').filter({ hasText: /changed on disk/i });
    await bar.waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => readFileSync(join(folder, 'src', 'other.ts'), 'utf8')).toContain('// mine');

    await expect.poll(() => page.getByRole('tab', { name: /other\.ts/ }).getAttribute('data-dirty')).not.toBe('true');
    await editorText(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' again');
    await expect.poll(() => page.getByRole('tab', { name: /other\.ts/ }).getAttribute('data-dirty')).toBe('true');
    writeFileSync(join(folder, 'src', 'other.ts'), 'export const other = 3; // theirs wins\n');
    await bar.waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Take theirs' }).click();
    await expect.poll(() => shownText(page)).toContain('theirs wins');
    expect(readFileSync(join(folder, 'src', 'other.ts'), 'utf8')).toBe('export const other = 3; // theirs wins\n');
    await page.close();
  });

  it('shows a placeholder for a binary file', async () => {
    const page = await openWorkbench();
    await openFile(page, 'logo.bin');
    await page.getByText(/binary/i).first().waitFor();
    // No editor shows it (the spare editor built ahead of time stays hidden outside the layout).
    expect(await page.locator('.monaco-editor:visible').count()).toBe(0);
    await page.close();
  });

  it('marks a file deleted on disk and saving recreates it', async () => {
    const page = await openWorkbench();
    await openFile(page, 'doomed.txt');
    await expect.poll(() => shownText(page)).toContain('soon gone');
    rmSync(join(folder, 'doomed.txt'));
    await page.getByText(/deleted on disk/i).first().waitFor({ timeout: 10_000 });
    await editorText(page).click();
    await page.keyboard.press('Control+S');
    await expect.poll(() => readFileSync(join(folder, 'doomed.txt'), 'utf8')).toBe('soon gone\n');
    await page.close();
  });

  it('main shortcuts: Ctrl+W closes the editor, Ctrl+B toggles the sidebar, Ctrl+Shift+E focuses the explorer', async () => {
    const page = await openWorkbench();
    await openFile(page, 'README.md');
    await page.getByRole('tab', { name: /README\.md/ }).waitFor();
    await editorText(page).click();
    await page.keyboard.press('Control+W');
    await expect.poll(() => page.getByRole('tab', { name: /README\.md/ }).count()).toBe(0);
    await page.keyboard.press('Control+B');
    await expect.poll(() => page.getByRole('tree', { name: 'Explorer' }).isVisible()).toBe(false);
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+Shift+E');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="tree"]') !== null)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[role="treeitem"][aria-selected="true"]').count()).toBe(1);
    await page.close();
  });
});

describe('marie serve: large inputs and the explorer', () => {
  it('opens a folder of 20,000 entries with only the visible rows in the page, and scrolls to the end', async () => {
    const page = await openWorkbench();
    await page.getByRole('treeitem', { name: 'huge', exact: true }).click();
    await page.getByRole('treeitem', { name: 'entry0.txt', exact: true }).waitFor();
    expect(await page.getByRole('treeitem').count()).toBeLessThan(150);
    await page.getByRole('treeitem', { name: 'entry0.txt', exact: true }).click();
    await page.keyboard.press('End');
    await page.getByRole('treeitem', { name: 'entry19999.txt', exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('treeitem').count()).toBeLessThan(150);
    await page.close();
  });

  it('opens a file over 20 MB read-only with a message', async () => {
    const page = await openWorkbench();
    await openFile(page, 'big.log');
    await page.getByTestId('banner-large').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('banner-large').textContent()).toMatch(/20 MB.*read-only/);
    await page.close();
  });

  it('compares mine with theirs in a diff editor', async () => {
    const page = await openWorkbench();
    await openFile(page, 'README.md');
    await expect.poll(() => shownText(page)).toContain('Title');
    await editorText(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('mine');
    writeFileSync(join(folder, 'README.md'), '# Title from disk\n');
    const bar = page.getByTestId('conflict-bar');
    await bar.waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Compare' }).click();
    await page.locator('[data-testid="compare-editor"] .monaco-diff-editor').waitFor();
    await page.getByRole('button', { name: 'Back to editor' }).click();
    await bar.getByRole('button', { name: 'Take theirs' }).click();
    await expect.poll(() => shownText(page)).toContain('Title from disk');
    await page.close();
  });

  it('Delete in the explorer moves the file to the trash', async () => {
    const page = await openWorkbench();
    await page.getByRole('treeitem', { name: 'trash-me.txt', exact: true }).click();
    await page.keyboard.press('Delete');
    await page.getByRole('treeitem', { name: 'trash-me.txt', exact: true }).waitFor({ state: 'detached', timeout: 10_000 });
    expect(readFileSync(join(trashHome, 'Trash', 'files', 'trash-me.txt'), 'utf8')).toBe('bye\n');
    await page.close();
  });
});

describe('marie serve without a folder', () => {
  it('shows the welcome page, opens a folder by path, and stops cleanly on Ctrl+C', async () => {
    const bare = await serveFolder(undefined);
    const page = await browser.newPage();
    await page.goto(bare.url);
    await page.getByLabel('Folder path').fill('/definitely/not/here');
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('alert').filter({ hasText: /not found|does not exist|no such/i }).waitFor();
    await page.getByLabel('Folder path').fill(folder);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByRole('treeitem', { name: 'README.md', exact: true }).waitFor();
    await page.close();
    expect(await bare.stop('SIGINT')).toBe(0);
  });
});
