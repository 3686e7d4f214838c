import fs from 'node:fs';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (which downloads nothing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-features=Translate,OptimizationHints,MediaRouter',
];
const onCi = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());
export const hasChromium = fs.existsSync(CHROMIUM);
export const BROWSER_TIMEOUT = 90_000;

/** Skipped only on a developer's machine without Chromium; on CI a missing browser is a failure. */
export function describeInBrowser(name: string, body: () => void): void {
  if (!hasChromium && !onCi) {
    console.warn(`${name}: skipped, ${CHROMIUM} is missing (apt-get install chromium). With CI=true this fails instead.`);
    describe.skip(name, body);
  } else {
    describe(name, body);
  }
}

export function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install chromium, see .ci/run).`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The only places a page may reach: the gateway on this machine (and inline data). */
export function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(protocol)) return true;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(protocol) && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for. */
  requests: string[];
  /** Requests to anywhere else, aborted. */
  foreign: string[];
  /** Uncaught script errors on the page. */
  pageErrors: string[];
  /** Console messages of level error (CSP violations among them). */
  consoleErrors: string[];
}

/** A fresh incognito context (empty storage) whose every request is recorded, and aborted unless local. */
export async function openTab(browser: Browser, options: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Tab> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 960 }, serviceWorkers: 'block', bypassCSP: options.bypassCSP ?? false });
  const tab: Tab = { context, page: undefined as never, requests: [], foreign: [], pageErrors: [], consoleErrors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    tab.requests.push(url);
    if (isLocal(url)) return route.continue();
    tab.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!isLocal(request.url()) && !tab.foreign.includes(request.url())) tab.foreign.push(request.url());
  });
  tab.page = await context.newPage();
  tab.page.on('pageerror', (error) => tab.pageErrors.push(error.message));
  tab.page.on('console', (message) => {
    if (message.type() === 'error') tab.consoleErrors.push(message.text());
  });
  return tab;
}

/** Types the token and the purpose of use into the page's bar, as a user does, and waits for the page to reload with them. */
export async function useSession(page: Page, token: string, purpose: string | { caseNumber: string } = 'INVESTIGATION'): Promise<void> {
  await page.fill('#token', token);
  if (typeof purpose === 'string') {
    await page.selectOption('#purpose', purpose);
  } else {
    await page.selectOption('#purpose', 'CASE');
    await page.fill('#purpose-case', purpose.caseNumber);
  }
  await Promise.all([page.waitForEvent('load'), page.click('#save')]);
}

/** Waits until the page says it is done (ready or error) and returns which. */
export async function settled(page: Page, timeout = 45_000): Promise<string> {
  await page.waitForFunction(() => (globalThis as any).document.body.dataset.state, undefined, { timeout });
  return page.evaluate(() => (globalThis as any).document.body.dataset.state as string);
}

export function expectOnlyLocal(tab: Tab): void {
  expect(tab.foreign).toEqual([]);
  expect(tab.requests.length).toBeGreaterThan(0);
  expect(tab.requests.every(isLocal)).toBe(true);
}
