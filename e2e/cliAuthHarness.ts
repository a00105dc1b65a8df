import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './support/serveProcess.js';

const cli = resolve(repoRoot, 'apps/cli/dist/main.js');

/** One user's machine for the CLI: its own data folder (so its own keychain entry) and policy folder. */
export interface CliMachine {
  dataDir: string;
  policyRoot: string;
  env: Record<string, string>;
  setPolicy(values: Record<string, unknown>): void;
}

export function newMachine(): CliMachine {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-cli-auth-')));
  const dataDir = join(base, 'user');
  const policyRoot = join(base, 'policies');
  mkdirSync(join(policyRoot, 'managed'), { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  return {
    dataDir,
    policyRoot,
    // No DISPLAY: the CLI prints the URL instead of launching a desktop browser; the test is the user.
    env: { MARIE_POLICY_ROOT: policyRoot, MARIE_USER_DATA_DIR: dataDir, DISPLAY: '', WAYLAND_DISPLAY: '' },
    setPolicy: (values) => writeFileSync(join(policyRoot, 'managed', '10-auth.json'), JSON.stringify(values)),
  };
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with the first match of `re` in stdout+stderr. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<{ code: number | null; out: string; err: string }>;
}

/** Starts the real `marie` CLI (built) as a user would. */
export function marie(machine: CliMachine, args: string[]): RunningCli {
  if (!existsSync(cli)) throw new Error('apps/cli is not built: run `pnpm tsc -b`');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...machine.env } });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), waiters.forEach((w) => w())));
  child.stderr!.on('data', (d: Buffer) => ((err += d.toString()), waiters.forEach((w) => w())));
  const done = new Promise<{ code: number | null; out: string; err: string }>((r) => child.once('close', (code) => r({ code, out, err })));
  return {
    child,
    done,
    waitFor: (re, timeoutMs = 30_000) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const m = (out + err).match(re);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolvePromise(m);
          }
        };
        const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`no ${re} within ${timeoutMs} ms; output:\n${out}${err}`))), timeoutMs);
        waiters.add(check);
        void done.then(() => setTimeout(check, 0));
        check();
      }),
  };
}

export const run = (machine: CliMachine, args: string[]) => marie(machine, args).done;

/**
 * Plays the user in the "system browser": follows the sign-in through the broker and the
 * company IdP, pressing Continue on each of our pages, until the page says it is done.
 */
export async function completeInBrowser(page: Page, url: string | undefined, done: RegExp): Promise<string> {
  // Without a URL: the page is already on its way (a tab the workbench opened).
  if (url !== undefined) await page.goto(url);
  for (let i = 0; i < 6; i++) {
    const text = (await page.locator('body').textContent()) ?? '';
    if (done.test(text)) return text;
    const next = page.locator('button[type=submit]:not([name=abort])').first();
    if ((await next.count()) === 0) throw new Error(`sign-in stopped at ${page.url()}: ${text.slice(0, 400)}`);
    await Promise.all([page.waitForLoadState('load'), next.click()]);
    await page.waitForLoadState('load');
  }
  throw new Error(`sign-in did not finish; last page ${page.url()}`);
}

/** A fresh browser profile, as another device would be. */
export async function freshPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}
