import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestSystem, TestSystem } from './support/harness';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { operationDocument } from '../operations';
import { BROWSER_TIMEOUT, describeInBrowser, expectOnlyLocal, launchChromium, openTab, settled, Tab, useSession } from './support/browser';
import { recordHostileRecords, HostileRecords } from './support/hostile-records';

/**
 * The explorer and the organization dossier in a real browser (Debian's Chromium, driven by
 * playwright-core): they work, nothing they load comes from anywhere but the gateway, and record
 * text typed by another agency never runs as script.
 */
// Functions handed to page.evaluate and waitForFunction run in the page: these name its globals for
// the compiler (tsconfig has no DOM library), in this module only.
declare const document: any;
declare const window: any;
declare const sessionStorage: any;
declare const localStorage: any;

describeInBrowser('the explorer and the organization dossier in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let token: string;
  let target: { id: string; name: string; interdictions: number; members: number; cell: boolean };
  let hostile: HostileRecords;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    // This file checks pages, not latency. Each kept as soon as it is up, so afterAll stops it even when the other failed.
    await Promise.all([
      startTestSystem({ seedScale: 1, subgraphTimeoutMs: 15_000 }).then((started) => { system = started; }),
      launchChromium().then((launched) => { browser = launched; }),
    ]);
    base = system.gateway.url.replace(/\/graphql$/, '');
    token = await signDevelopmentToken({ agency: 'HSI' });
    // A target with members and interdictions, so every part of the dossier has something to show.
    // A cell if one qualifies: its members share burner phones, which the dossier's graph draws.
    const found = await system.query<{ organizations: { edges: { node: { id: string; name: string; parent: { id: string } | null; interdictions: { totalCount: number }; members: { totalCount: number } } }[] } }>(
      '{ organizations(first: 50) { edges { node { id name parent { id } interdictions(first: 1) { totalCount } members(first: 1) { totalCount } } } } }');
    expect(found.errors).toBeUndefined();
    const candidates = found.data!.organizations.edges.map((e) => e.node).filter((o) => o.interdictions.totalCount > 0 && o.members.totalCount > 0);
    const node = candidates.find((o) => o.parent) ?? candidates[0];
    if (!node) throw new Error('the seeded data has no organization with both members and interdictions');
    target = { id: node.id, name: node.name, interdictions: node.interdictions.totalCount, members: node.members.totalCount, cell: Boolean(node.parent) };
    hostile = await recordHostileRecords(system);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(tabs.map((tab) => tab.context.close().catch(() => undefined)));
    await browser?.close();
    await system?.stop();
  });

  async function newTab(options: Parameters<typeof openTab>[1] = {}): Promise<Tab> {
    const tab = await openTab(browser, options);
    tabs.push(tab);
    return tab;
  }

  it('the explorer runs TargetDossier from local assets only and shows the organization', async () => {
    const tab = await newTab();
    const { page } = tab;
    const variables = JSON.stringify({ id: target.id });
    await page.goto(`${base}/explorer?operation=TargetDossier&variables=${encodeURIComponent(variables)}`);
    await useSession(page, token, { caseNumber: 'hsi-phx-2026-00123' });
    await page.waitForFunction(() => (document.getElementById('who')?.textContent ?? '').startsWith('HSI'));
    expect(await page.textContent('#who')).toContain('for HSI-PHX-2026-00123');

    // The operation from the address is the active tab, with the variables from the address.
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    await page.waitForFunction((id) => (document.querySelector('.graphiql-editor-tool')?.textContent ?? '').includes(id), target.id);
    expect(await page.textContent('.graphiql-tab-active')).toContain('TargetDossier');

    const sent = page.waitForRequest((request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('query TargetDossier'));
    await page.click('.graphiql-execute-button');
    const request = await sent;
    expect(JSON.parse(request.postData()!).variables).toEqual({ id: target.id });
    expect(request.headers().authorization).toBe(`Bearer ${token}`);
    expect(request.headers()['unity-purpose']).toBe('HSI-PHX-2026-00123');

    await page.waitForFunction((name) => (document.querySelector('.result-window')?.textContent ?? '').includes(name), target.name, { timeout: 30_000 });
    const result = await page.textContent('.result-window');
    expect(result).toContain(`"name": "${target.name}"`);
    expect(result).not.toContain('"errors"');

    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('the organization dossier shows profile, members by role, timeline, map and network, from local assets only', async () => {
    const tab = await newTab();
    const { page } = tab;
    await page.goto(`${base}/organization/${target.id}`);
    // No token yet: the page says so, and how to get one.
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.textContent('#status')).toContain('No token yet');
    // A token but no purpose of use: the page asks for one before it asks the gateway anything.
    await page.fill('#token', token);
    await Promise.all([page.waitForEvent('load'), page.click('#save')]);
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.textContent('#status')).toContain('Choose the purpose of use');

    const sent = page.waitForRequest((request) => request.url().endsWith('/graphql'));
    await useSession(page, token, 'INVESTIGATION');
    expect((await sent).headers()['unity-purpose']).toBe('INVESTIGATION');
    await settled(page);
    expect(await page.evaluate(() => [document.body.dataset.state, document.getElementById('status')!.textContent])).toEqual(['ready', '']);
    expect(await page.textContent('#errors')).toBe('');
    expect(await page.isHidden('#errors')).toBe(true);

    // Profile.
    expect(await page.textContent('#org-name')).toBe(target.name);
    const facts = await page.textContent('#profile .facts');
    for (const label of ['Kind', 'Threat level', 'Priority', 'Regions']) expect(facts).toContain(label);

    // Members, grouped by role, every member listed once.
    const roles = await page.$$eval('.role-group', (groups) => groups.map((g) => g.getAttribute('data-role')));
    expect(roles.length).toBeGreaterThan(0);
    expect(new Set(roles).size).toBe(roles.length);
    expect(await page.locator('.role-group li[data-person]').count()).toBe(Math.min(target.members, 100));

    // Timeline: every agency's records, each labelled with its agency, newest first.
    const events = await page.$$eval('#timeline li.event', (items) => items.map((li) => ({
      at: li.querySelector('time')!.getAttribute('datetime')!,
      agency: li.querySelector('.agency')!.textContent!,
      kind: li.className.replace('event event-', ''),
    })));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.agency.length > 0)).toBe(true);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort().reverse());
    expect(events.some((e) => e.kind === 'interdiction' && e.agency === 'CBP')).toBe(true);
    expect(new Set(events.map((e) => e.agency)).size).toBeGreaterThan(1);

    // Map: Leaflet, country outlines as an SVG layer (no tiles), a marker per located interdiction.
    expect(await page.locator('#map.leaflet-container').count()).toBe(1);
    expect(await page.locator('#map .leaflet-tile').count()).toBe(0);
    expect(await page.locator('#map .leaflet-overlay-pane svg path.country').count()).toBeGreaterThan(100);
    const markers = await page.locator('#map path.interdiction-marker').count();
    expect(markers).toBeGreaterThan(0);
    expect(markers).toBe(Math.min(target.interdictions, 20));

    // Network: a Cytoscape graph of the organization and its members.
    const graph = await page.evaluate((id) => {
      const cy = window.dossierGraph;
      return { nodes: cy.nodes().length as number, edges: cy.edges().length as number, root: cy.getElementById(id).data('label') as string };
    }, target.id);
    expect(graph.root).toBe(target.name);
    expect(graph.nodes).toBeGreaterThan(Math.min(target.members, 100) / 2);
    expect(graph.edges).toBeGreaterThanOrEqual(graph.nodes - 1);
    expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
    // ...with the selectors two or more members share (or the organization's own), as the gateway answers them.
    const dossier = (await system.query(operationDocument('TargetDossier'), { id: target.id }, { agency: 'HSI' })).data.organization;
    const around = (await system.query(operationDocument('Network'), { rootId: target.id, depth: 1 }, { agency: 'HSI' })).data.network;
    const usersOf = new Map<string, Set<string>>();
    for (const { node: member } of dossier.members.edges) {
      for (const { node: link } of member.person.selectors.edges) usersOf.set(link.selector.id, (usersOf.get(link.selector.id) ?? new Set()).add(member.person.id));
    }
    const expectedSelectors = new Set([...usersOf].filter(([, users]) => users.size > 1).map(([id]) => id));
    for (const node of around.nodes) if (node.kind === 'SELECTOR') expectedSelectors.add(node.id);
    const drawn = await page.evaluate(() => window.dossierGraph.nodes('[kind = "SELECTOR"]').map((n: any) => n.id()));
    expect(drawn.sort()).toEqual([...expectedSelectors].sort());
    if (target.cell) expect(drawn.length).toBeGreaterThan(0); // a cell's burner phones

    // The members export follows every page of the list (the dossier shows the first 100).
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#export-members')]);
    const [header, ...rows] = fs.readFileSync(await file.path(), 'utf8').trim().split('\n');
    expect(header.split(',').slice(0, 5)).toEqual(['role', 'since', 'until', 'person.id', 'person.name']);
    expect(rows).toHaveLength(target.members);
    expect(new Set(rows.map((row) => row.split(',')[3])).size).toBe(target.members);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    expectOnlyLocal(tab);

    // The first address of the dossier still opens it.
    await page.goto(`${base}/dossier/${target.id}`);
    expect(await settled(page)).toBe('ready');
    expect(await page.textContent('#org-name')).toBe(target.name);
  }, BROWSER_TIMEOUT);

  it('the organization dossier explains an unknown id, an address that is not an id, and fields the caller may not read', async () => {
    const tab = await newTab();
    const { page } = tab;
    await page.goto(`${base}/organization/00000000-0000-4000-8000-000000000000`);
    await useSession(page, token);
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.textContent('#status')).toContain('No organization with id 00000000-0000-4000-8000-000000000000');

    await page.goto(`${base}/organization/not-an-id`);
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.textContent('#status')).toContain('is not an organization id');

    // A foreign partner may read the registry and interdictions only: the rest is named, the page still renders.
    await page.goto(`${base}/organization/${target.id}`);
    await useSession(page, await signDevelopmentToken({ agency: 'MEX' }));
    await settled(page);
    expect(await page.textContent('#org-name')).toBe(target.name);
    expect(await page.isVisible('#errors')).toBe(true);
    expect(await page.textContent('#errors')).toMatch(/FORBIDDEN/);

    await useSession(page, 'not a token');
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.textContent('#status')).toContain('refused the token (401)');

    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);
  it('sends the security headers on pages and JSON, and keeps the token for this tab only', async () => {
    for (const path of [`/organization/${target.id}`, '/explorer', '/assets/session.js']) {
      const response = await fetch(`${base}${path}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const page = await (await fetch(`${base}/organization/${target.id}`)).text();
    // Every script is a file of the gateway; the only inline element is a JSON data block the browser never runs.
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(1);
    for (const [, attributes, body] of scripts) {
      if (body.trim()) expect(attributes).toContain('type="application/json"');
      else expect(attributes).toMatch(/ src="\/assets\/[\w.-]+"/);
    }
    expect(page).not.toMatch(/ on[a-z]+=/i);
    const json = await fetch(system.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');

    const tab = await newTab();
    await tab.page.goto(`${base}/organization/${target.id}`);
    // A token an older page left in localStorage is removed on the next visit.
    await tab.page.evaluate(() => localStorage.setItem('unity-table-token', 'left over'));
    await useSession(tab.page, token, 'BRIEFING');
    await settled(tab.page);
    expect(await tab.page.evaluate(() => [sessionStorage.getItem('unity-table-token'), sessionStorage.getItem('unity-table-purpose'), localStorage.length]))
      .toEqual([token, 'BRIEFING', 0]);
    // Markup injected into the page by any means cannot run script: the policy refuses inline handlers.
    await tab.page.evaluate(() => {
      window.ran = false;
      document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="window.ran = true"><img src="x" onerror="window.ran = true">');
    });
    await tab.page.waitForTimeout(300);
    expect(await tab.page.evaluate(() => window.ran)).toBe(false);
    expect(tab.consoleErrors.some((message) => /Content Security Policy/.test(message))).toBe(true);
  }, BROWSER_TIMEOUT);

  it('shows script stored in records by another agency as text: nothing of it becomes markup, even without the policy', async () => {
    // Without the Content-Security-Policy (as if it were lost on the way): only the rendering stands between the payload and the page.
    const tab = await newTab({ bypassCSP: true });
    const { page } = tab;
    await page.addInitScript(() => {
      window.injected = [];
      window.p = (field: string) => window.injected.push(field);
    });
    await page.goto(`${base}/organization/${hostile.organizationId}`);
    await useSession(page, await signDevelopmentToken({ agency: 'DOJ' }));
    expect(await settled(page)).toBe('ready');
    // Every marker's tooltip opened, as hovering does.
    await page.evaluate(() => window.dossierMarkers.eachLayer((marker: any) => marker.openTooltip()));
    await page.waitForSelector('.leaflet-tooltip');
    const text: string = await page.evaluate(() => document.body.innerText);
    const shown = Object.entries(hostile.payloads).filter(([, payload]) => text.includes(payload)).map(([field]) => field);
    for (const field of ['organization.name', 'organization.alias', 'organization.region', 'person.name', 'person.alias', 'person.addedAlias',
      'associate.name', 'interdiction.sector', 'interdiction.station', 'u', 'case.caseNumber', 'case.title', 'arrest.location',
      'sanction.program', 'sanction.listEntryId', 'sanction.authority', 'assetSeizure.description', 'assetSeizure.authority']) {
      expect(shown).toContain(field);
    }
    expect(await page.textContent('.leaflet-tooltip')).toContain(hostile.payloads['interdiction.station']);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => window.injected)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);
});
