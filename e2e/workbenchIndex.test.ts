// The index features in real Chromium against `marie serve` on a fixture folder: Monaco,
// the capture-phase shortcuts, the lazy views and the host's real index.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { repoRoot, serveFolder, type ServedWorkbench } from './support/serveProcess.js';

let browser: Browser;
let served: ServedWorkbench;
let base: string;

const SHAPES = 'export class Circle {\n  area() {\n    return 3;\n  }\n  grow(by: number) {\n    return by;\n  }\n}\n';
const MAIN = 'import { Circle } from "./shapes";\nconst c = new Circle();\nconsole.log(c.area());\n';

beforeAll(async () => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-e2e-index-')));
  const folder = join(base, 'project');
  mkdirSync(join(folder, 'src'), { recursive: true });
  writeFileSync(join(folder, 'src', 'shapes.ts'), SHAPES);
  writeFileSync(join(folder, 'src', 'main.ts'), MAIN);
  writeFileSync(join(folder, 'notes.md'), 'Circle is a shape.\n');
  browser = await launchChromium();
  // The index lives in the XDG cache: a fresh one per run.
  served = await serveFolder(folder, [], { XDG_CACHE_HOME: join(base, 'cache'), XDG_CONFIG_HOME: join(base, 'config') });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(base, { recursive: true, force: true });
});

const activeTab = (page: Page) => page.getByRole('tablist', { name: 'Open editors' }).locator('[role="tab"][aria-selected="true"]');
const position = (page: Page) => page.getByTestId('status-position').textContent();

/** The active editor tab and the caret as the status bar shows it (a revealed range puts the caret at its end). */
async function expectEditorAt(page: Page, tab: string, caret: string): Promise<void> {
  await expect.poll(() => activeTab(page).getAttribute('aria-label')).toBe(tab);
  await expect.poll(() => position(page)).toBe(caret);
}

/** Opens the workbench and waits until the index has been built. */
async function openIndexedWorkbench(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(served.url);
  await page.getByRole('tree', { name: 'Explorer' }).waitFor();
  await expect.poll(() => page.getByTestId('status-index').textContent(), { timeout: 20_000 }).toMatch(/ symbols? in 3 files/);
  return page;
}

async function quickOpen(page: Page, query: string, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.getByRole('combobox', { name: 'Go to File' });
  await input.fill(query);
  await page.locator('.quick-pick-item[aria-selected="true"] .quick-pick-label', { hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => activeTab(page).getAttribute('aria-label')).toBe(name);
  await page.locator('.monaco-editor .view-lines', { hasText: name === 'main.ts' ? 'new Circle' : 'class Circle' }).first().waitFor();
}

describe('index features in Chromium', () => {
  it('Ctrl+P opens a file; F12 jumps to the definition in the other file; Shift+F12 lists references; Ctrl+T finds a symbol', async () => {
    const page = await openIndexedWorkbench();
    await quickOpen(page, 'mai', 'main.ts');
    expect(await page.locator('.quick-pick').count()).toBe(0);

    // Caret inside "Circle" on line 2, in Monaco (which has focus after the open).
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page)).toBe('Ln 2, Col 17');
    await page.keyboard.press('F12');
    await expectEditorAt(page, 'shapes.ts', 'Ln 1, Col 20');

    await page.keyboard.press('Shift+F12');
    const refs = page.getByRole('tree', { name: 'References' });
    await expect.poll(() => refs.getByRole('treeitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      'src/main.ts, 2 references',
      'line 1:10, import',
      'line 2:15, class',
      'src/shapes.ts, 1 reference',
      'line 1:14, definition',
    ]);
    await refs.getByRole('treeitem', { name: 'line 2:15, class' }).click();
    await expectEditorAt(page, 'main.ts', 'Ln 2, Col 21');

    // Ctrl+T with Monaco focused: caught before the editor sees it.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+T');
    await page.getByRole('combobox', { name: 'Go to Symbol in Workspace' }).fill('grow');
    await page.locator('.quick-pick-item[aria-selected="true"]', { hasText: 'Circle · src/shapes.ts:5' }).waitFor();
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'workbench-symbols.png') });
    await page.keyboard.press('Enter');
    await expectEditorAt(page, 'shapes.ts', 'Ln 5, Col 7');
    await page.close();
  });

  it('Ctrl+click on an identifier goes to its definition', async () => {
    const page = await openIndexedWorkbench();
    await quickOpen(page, 'main', 'main.ts');
    const word = page.locator('.monaco-editor .view-line span span', { hasText: /^Circle$/ }).nth(1);
    await word.click({ modifiers: ['Control'] });
    await expectEditorAt(page, 'shapes.ts', 'Ln 1, Col 20');
    await page.close();
  });

  it('Ctrl+Shift+F searches, results grouped by file; a click opens at the line; the outline lists the class’s methods', async () => {
    const page = await openIndexedWorkbench();
    await quickOpen(page, 'shapes', 'shapes.ts');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+F');
    const input = page.getByRole('textbox', { name: 'Search' });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill('Circle');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('search-summary').textContent()).toBe('4 results in 3 files');
    const results = page.getByRole('tree', { name: 'Search results' });
    expect(await results.getByRole('treeitem', { name: /^src\/main\.ts, 2 matches$/ }).count()).toBe(1);
    expect(await results.locator('mark').first().textContent()).toBe('Circle');
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'workbench-search.png') });
    await results.getByRole('treeitem', { name: 'line 2: const c = new Circle();' }).click();
    await expectEditorAt(page, 'main.ts', 'Ln 2, Col 21');

    await quickOpen(page, 'shapes', 'shapes.ts');
    await page.getByRole('tab', { name: 'Outline' }).click();
    const outline = page.getByRole('tree', { name: 'Outline' });
    await expect.poll(() => outline.getByRole('treeitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['Circle, class', 'area, method', 'grow, method']);
    await outline.getByRole('treeitem', { name: 'grow, method' }).click();
    await expectEditorAt(page, 'shapes.ts', 'Ln 5, Col 7');
    await page.keyboard.press('Shift+F12');
    await page.getByRole('tree', { name: 'References' }).getByRole('treeitem', { name: 'line 5:3, definition' }).waitFor();
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'workbench-outline-references.png') });
    await page.close();
  });
});
