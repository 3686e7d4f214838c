import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, Page } from 'playwright-core';
import { parseArgs } from '../lib/cli-args';
import { projectRoot } from '../lib/config';
import { benchDatabasePlace, provisionDatabaseServer } from '../lib/database/provision';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { migrateAndSeed } from '../lib/runtime/system';
import { GATEWAY_NODE_FLAGS, spawnService, stopService, waitForHealth, ServiceProcess } from '../lib/runtime/services';
import { subgraphs } from '../subgraphs';
import { productionEnvironments } from './production-keys';

const USAGE = 'Usage: npm run bench:pages -- [--scale 1] [--rounds 5] [--port 4300] [--screenshots]  (--screenshots: also writes docs/<page>.png from the demo data)';
const BUDGET_MS = 1500;

interface Timing {
  /** The page had shown what it asked the gateway for (its `unity:ready` mark), ms after navigation start. */
  ready: number;
  domInteractive: number;
  domContentLoaded: number;
  load: number;
}

declare const performance: any;
declare const window: any;
declare const document: any;

/**
 * `npm run bench:pages`: each workspace page's time to interactive, as Chromium's own performance
 * timing reports it (navigation start to the page's `unity:ready` mark: the data asked for is on
 * screen and the page answers input), over fresh browser contexts (cold caches) against the system in
 * production mode; and the network explorer's responsiveness at its largest view (a filter change,
 * a pan, and a node expansion, measured in the page). Figures go to stdout and
 * bench/results/<time>-pages-scale<n>.json. A measurement, not a test: nothing here passes or fails.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const scale = Number(args.scale ?? 1);
  const rounds = Number(args.rounds ?? 5);
  const port = Number(args.port ?? 4300);
  const log = (source: string, line: string) => {
    if (/"level":(5|6)\d|"level":"(error|fatal)"|could not|exited|Error|ERROR|FATAL/.test(line)) console.error(`[${source}] ${line}`);
  };
  // Its own databases (kept for the next run): the load benchmark writes to bench_s<n>.
  process.env.DATABASE_PREFIX = `bench_pages_s${scale}`;
  const environments = await productionEnvironments({
    ...process.env, UNITY_EXPLORER: 'on', RATE_LIMIT_PER_MINUTE: String(1_000_000), LOG_LEVEL: 'warn', PORT: String(port),
  });
  const database = await provisionDatabaseServer((line) => log('postgres', line), benchDatabasePlace(port));
  const services: ServiceProcess[] = [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const stopAll = async () => {
    await browser.close();
    for (const service of [...services].reverse()) await stopService(service);
    await database.stop();
  };
  try {
    console.log(`Seeding scale ${scale} (database prefix ${process.env.DATABASE_PREFIX}) if not yet seeded...`);
    await migrateAndSeed(database.url, scale, () => undefined);
    const env = { ...environments.subgraph, DATABASE_URL: database.url };
    await Promise.all(subgraphs.map((d) => {
      const service = spawnService(d.name, `subgraphs/${d.name}/index.js`, env, log);
      services.push(service);
      return waitForHealth(service, `http://127.0.0.1:${port + d.portOffset}/health`);
    }));
    const gateway = spawnService('gateway', 'gateway/index.js', { ...environments.gateway, DATABASE_URL: database.url }, log, [], GATEWAY_NODE_FLAGS);
    services.push(gateway);
    await waitForHealth(gateway, `http://127.0.0.1:${port}/health`);
    const base = `http://127.0.0.1:${port}`;
    const token = await signDevelopmentToken({ agency: 'HSI' });
    const ask = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'unity-purpose': 'TRAINING' }, body: JSON.stringify({ query, variables }) });
      return ((await response.json()) as { data: any }).data;
    };
    // The largest organization (most members), its leader, and one of its cases: every page at its heaviest.
    const organizations = (await ask('{ organizations(first: 100) { edges { node { id members(first: 1) { totalCount edges { node { person { id } } } } cases(first: 1) { edges { node { id } } } } } } }')).organizations.edges.map((e: any) => e.node);
    const largest = organizations.sort((a: any, b: any) => b.members.totalCount - a.members.totalCount)[0];
    const week = { from: '2026-10-19', to: '2026-10-26' };
    const pages: [string, string][] = [
      ['search', `/?q=${encodeURIComponent('Gutierez Zuniga')}`],
      ['person', `/person/${largest.members.edges[0].node.person.id}`],
      ['organization', `/organization/${largest.id}`],
      ['record (case)', `/record/case/${largest.cases.edges[0]?.node.id}`],
      ['network (depth 2)', `/network/${largest.id}?depth=2`],
      ['network (depth 3)', `/network/${largest.id}?depth=3`],
      ['briefing', `/briefing?from=${week.from}&to=${week.to}`],
      ['explorer', '/explorer'],
    ];
    const open = async (address: string): Promise<{ page: Page; timing: Timing; close: () => Promise<void> }> => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
      await context.addInitScript(([value]) => {
        (globalThis as any).sessionStorage.setItem('unity-table-token', value);
        (globalThis as any).sessionStorage.setItem('unity-table-purpose', 'TRAINING');
      }, [token]);
      const page = await context.newPage();
      await page.goto(`${base}${address}`);
      if (address === '/explorer') {
        await page.waitForSelector('.graphiql-execute-button', { timeout: 60_000 });
        await page.evaluate(() => performance.mark('unity:ready'));
      } else {
        await page.waitForFunction(() => document.body.dataset.state, undefined, { timeout: 60_000 });
        const state = await page.evaluate(() => document.body.dataset.state);
        if (state !== 'ready') throw new Error(`${address}: the page says ${await page.textContent('#status')}`);
      }
      const timing = await page.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0];
        return {
          ready: performance.getEntriesByName('unity:ready')[0].startTime,
          domInteractive: navigation.domInteractive, domContentLoaded: navigation.domContentLoadedEventEnd, load: navigation.loadEventEnd,
        };
      });
      return { page, timing, close: () => context.close() };
    };

    // One unmeasured visit of each page first: plans cached, pools filled; with --screenshots, the README's pictures.
    const pictures: Record<string, string> = { search: 'search.png', person: 'person.png', organization: 'organization.png', 'record (case)': 'record.png', 'network (depth 2)': 'network.png', briefing: 'briefing.png', explorer: 'explorer.png' };
    for (const [name, address] of pages) {
      const visit = await open(address);
      if (args.screenshots && pictures[name]) {
        await visit.page.waitForTimeout(300);
        await visit.page.screenshot({ path: path.join(projectRoot, 'docs', pictures[name]), fullPage: name === 'briefing' });
      }
      await visit.close();
    }
    const results: Record<string, Timing[]> = Object.fromEntries(pages.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      // Alternating order, so a noisy moment does not always fall on the same page.
      for (const [name, address] of round % 2 ? [...pages].reverse() : pages) {
        const visit = await open(address);
        results[name].push(visit.timing);
        await visit.close();
      }
    }

    // The network explorer at its largest view: how long the page takes to answer.
    const visit = await open(`/network/${largest.id}?depth=3`);
    const responsiveness = await visit.page.evaluate(async () => {
      const cy = window.networkGraph;
      const frame = () => new Promise((resolve) => window.requestAnimationFrame(resolve));
      const timed = async (action: () => void) => {
        const began = performance.now();
        action();
        await frame();
        await frame();
        return performance.now() - began;
      };
      const box = document.querySelector('#kinds input[data-kind="ASSOCIATION"]');
      const filterOff = await timed(() => { box.checked = false; box.dispatchEvent(new Event('change', { bubbles: true })); });
      const filterOn = await timed(() => { box.checked = true; box.dispatchEvent(new Event('change', { bubbles: true })); });
      const frames: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 60; i++) {
        cy.panBy({ x: 4, y: 2 });
        await frame();
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      const sizeToggle = await timed(() => {
        const radio = document.querySelector('input[name="size"][value="degree"]');
        radio.checked = true;
        radio.dispatchEvent(new Event('change', { bubbles: true }));
      });
      return { nodes: cy.nodes().length, edges: cy.edges().length, filterOffMs: filterOff, filterOnMs: filterOn, sizeToggleMs: sizeToggle, panFrameMedianMs: frames[30], panFrameP95Ms: frames[57] };
    });
    const expandMs = await visit.page.evaluate(async () => {
      const cy = window.networkGraph;
      const before = cy.nodes().length;
      const target = cy.nodes('[kind = "PERSON"]').sort((a: any, b: any) => a.degree() - b.degree())[0];
      const began = performance.now();
      document.querySelector(`button.pick[data-id="${target.id()}"]`).click();
      document.getElementById('expand').click();
      while (document.getElementById('expand').disabled === false && performance.now() - began < 10_000) await new Promise((resolve) => setTimeout(resolve, 10));
      return { ms: performance.now() - began, added: cy.nodes().length - before };
    });
    await visit.close();

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const rows = pages.map(([name]) => {
      const timings = results[name];
      const ready = timings.map((t) => t.ready);
      return { page: name, readyMedianMs: Math.round(median(ready)), readyMaxMs: Math.round(Math.max(...ready)), domInteractiveMedianMs: Math.round(median(timings.map((t) => t.domInteractive))), loadMedianMs: Math.round(median(timings.map((t) => t.load))), withinBudget: Math.max(...ready) <= BUDGET_MS };
    });
    console.log(`\nTime to interactive (navigation start to the page's data on screen), ${rounds} rounds, scale ${scale}, production mode:`);
    console.table(rows);
    console.log(`Network explorer at ${responsiveness.nodes} nodes and ${responsiveness.edges} edges:`);
    console.table([{ ...Object.fromEntries(Object.entries(responsiveness).map(([k, v]) => [k, Math.round(Number(v) * 10) / 10])), expandMs: Math.round(expandMs.ms), expandAdded: expandMs.added }]);
    const file = path.join(projectRoot, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-pages-scale${scale}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ scale, rounds, budgetMs: BUDGET_MS, pages: rows, network: { ...responsiveness, expandMs: expandMs.ms, expandAdded: expandMs.added }, raw: results }, null, 2)}\n`);
    console.log(`wrote ${path.relative(projectRoot, file)}`);
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
