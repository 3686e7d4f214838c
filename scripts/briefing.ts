#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { parseArgs } from '../lib/cli-args';

const USAGE = `Usage: npm run briefing -- --from YYYY-MM-DD --to YYYY-MM-DD --out briefing.pdf [--organization <id>] [--purpose BRIEFING] [--url URL]

  Writes the workspace's weekly briefing page (/briefing) as a PDF, printed by headless Chromium
  exactly as the page prints, with its print stylesheet. --to is exclusive.
  The token comes from UNITY_TOKEN (npm run --silent token -- --agency HSI); the purpose of use from
  --purpose or UNITY_PURPOSE (default BRIEFING). The gateway: --url, UNITY_URL or http://localhost:4000.
  Chromium: CHROMIUM_PATH or /usr/bin/chromium.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.error(USAGE);
    return 0;
  }
  const from = String(args.from ?? '');
  const to = String(args.to ?? '');
  const out = String(args.out ?? '');
  if (!DAY.test(from) || !DAY.test(to) || from >= to || !out || out === 'true') {
    console.error(`--from and --to must be dates (YYYY-MM-DD), from before to, and --out a file name.\n\n${USAGE}`);
    return 1;
  }
  const token = process.env.UNITY_TOKEN;
  if (!token) {
    console.error('Set UNITY_TOKEN to a bearer token: export UNITY_TOKEN=$(npm run --silent token -- --agency HSI)');
    return 1;
  }
  const purpose = String(args.purpose ?? process.env.UNITY_PURPOSE ?? 'BRIEFING');
  const gateway = String(args.url ?? process.env.UNITY_URL ?? 'http://localhost:4000').replace(/\/graphql\/?$/, '').replace(/\/$/, '');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.error(`No Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
    return 1;
  }
  const query = new URLSearchParams({ from, to, ...(typeof args.organization === 'string' ? { organizationId: args.organization } : {}) });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    // The page reads the session from sessionStorage, as after a user filled in the bar.
    await context.addInitScript(([value, why]) => {
      (globalThis as any).sessionStorage.setItem('unity-table-token', value);
      (globalThis as any).sessionStorage.setItem('unity-table-purpose', why);
    }, [token, purpose]);
    const page = await context.newPage();
    await page.goto(`${gateway}/briefing?${query}`);
    await page.waitForFunction(() => (globalThis as any).document.body.dataset.state, undefined, { timeout: 60_000 });
    const state = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      return { state: doc.body.dataset.state as string, status: doc.getElementById('status')?.textContent as string, errors: doc.getElementById('errors')?.textContent as string };
    });
    if (state.state !== 'ready') {
      console.error(`The briefing did not load: ${state.status}`);
      return 1;
    }
    if (state.errors) console.error(`The briefing notes: ${state.errors}`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: path.resolve(out), format: 'Letter', printBackground: true, displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555">Unity Table weekly briefing · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' } });
    console.error(`wrote ${out}`);
    return 0;
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
