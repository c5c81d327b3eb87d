// What every browser test needs: Chromium through playwright-core (scripts/ensure-chromium.sh
// installs it), a page that records script errors and console errors, and a place for
// screenshots under test-results/browser/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const screenshotDir = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'browser');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need ${CHROMIUM}; run scripts/ensure-chromium.sh to install it.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
}

export interface WatchedPage {
  page: Page;
  /** Uncaught script errors and console errors, as "pageerror: …" / "console: …". */
  problems: string[];
}

/** A page in a fresh context whose errors are collected; a blank page usually means one of them. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  // A full-page shot draws the fixed global header where the window is scrolled to: from the
  // top, it sits at the top of the page, as a person sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in through the org's login page, as a person does, and waits for the page they asked for. */
export async function signInThroughLoginPage(
  page: Page,
  orgUrl: string,
  username: string,
  password: string,
  startPath: string
): Promise<void> {
  await page.goto(`${orgUrl}/login?startURL=${encodeURIComponent(startPath)}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.waitForURL(`${orgUrl}${startPath}`);
}
