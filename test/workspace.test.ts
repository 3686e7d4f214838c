import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestSystem, TestSystem } from './support/harness';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { operationDocument, RegisteredOperation } from '../operations';
import { BROWSER_TIMEOUT, describeInBrowser, expectOnlyLocal, launchChromium, openTab, settled, Tab } from './support/browser';
import { recordHostileRecords, HostileRecords } from './support/hostile-records';
import { projectRoot } from '../lib/config';
import { generateRegistry } from '../lib/seed/registry';
import { recordedTwice } from '../lib/seed/spellings';

/**
 * The analyst's workspace in Chromium: search, person dossier, record pages, network explorer and
 * weekly briefing. Each page shows what the gateway answers for the same query (compared on data),
 * explains what the caller may not see, loads nothing from beyond the gateway, passes axe-core, and
 * shows record text typed by other agencies as text.
 */
declare const document: any;
declare const window: any;

const AXE = fs.readFileSync(path.join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const network = require(path.join(projectRoot, 'gateway', 'workspace', 'network', 'network-export.js'));

describeInBrowser('the analyst\u2019s workspace in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let hsi: string;
  let mex: string;
  let hostile: HostileRecords;
  let week: { from: string; to: string };
  const tabs: Tab[] = [];

  beforeAll(async () => {
    await Promise.all([
      startTestSystem({ seedScale: 1, subgraphTimeoutMs: 15_000 }).then((started) => { system = started; }),
      launchChromium().then((launched) => { browser = launched; }),
    ]);
    base = system.gateway.url.replace(/\/graphql$/, '');
    [hsi, mex] = await Promise.all([signDevelopmentToken({ agency: 'HSI' }), signDevelopmentToken({ agency: 'MEX' })]);
    hostile = await recordHostileRecords(system);
    // The week holding the hostile records (written one to three days ago).
    const to = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').getTime() + 86_400_000;
    week = { from: new Date(to - 7 * 86_400_000).toISOString().slice(0, 10), to: new Date(to).toISOString().slice(0, 10) };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(tabs.map((tab) => tab.context.close().catch(() => undefined)));
    await browser?.close();
    await system?.stop();
  });

  /** A tab already holding a session (token and purpose), as after the bar was filled in once. */
  async function signedIn(token: string, options: Parameters<typeof openTab>[1] = {}): Promise<Tab> {
    const tab = await openTab(browser, options);
    tabs.push(tab);
    await tab.page.addInitScript(([value]) => {
      (globalThis as any).sessionStorage.setItem('unity-table-token', value);
      (globalThis as any).sessionStorage.setItem('unity-table-purpose', 'INVESTIGATION');
    }, [token]);
    return tab;
  }
  /** The same operation, asked of the gateway directly. */
  async function answer(operation: RegisteredOperation, variables: Record<string, unknown>, token = hsi) {
    const result = await system.query(operationDocument(operation), variables, { token });
    return result;
  }
  async function axe(page: Page, exclude?: string): Promise<{ id: string; impact: string; nodes: string[] }[]> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async (left) => (await window.axe.run(left ? { exclude: [left] } : document, { resultTypes: ['violations'] })).violations
      .map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) })), exclude);
    return violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
  }
  async function download(page: Page, button: string): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return fs.readFileSync(await file.path(), 'utf8');
  }

  it('search: misspelled names find the registry\u2019s matches, ranked as the gateway ranks them, and the keyboard walks them', async () => {
    const tab = await signedIn(hsi);
    const { page } = tab;
    await page.goto(`${base}/`);
    expect(await settled(page)).toBe('ready');
    // The box has focus: the analyst types at once.
    await page.keyboard.type('Gutierez Zuniga');
    await page.waitForFunction(() => document.querySelectorAll('#results [role="option"]').length > 0 && document.body.dataset.state === 'ready');
    const expected = (await answer('SearchHoldings', { text: 'Gutierez Zuniga', first: 20 })).data.searchTargets;
    const shown = await page.$$eval('#results [role="option"]', (items) => items.map((li) => ({
      id: li.getAttribute('data-id'), kind: li.getAttribute('data-kind'), name: li.querySelector('.result-name')!.textContent, why: li.querySelector('.why')!.textContent,
    })));
    expect(shown.map((s) => [s.id, s.kind, s.name])).toEqual(expected.map((m: any) => [m.target.id, m.target.__typename, m.target.name]));
    expected.forEach((m: any, i: number) => {
      expect(shown[i].why).toContain(`${Math.round(m.score * 100)}%`);
      if (m.matchedName !== m.target.name) expect(shown[i].why).toContain(m.matchedName);
    });
    expect(shown[0].name).toMatch(/Guti[eé]rrez Z[uú][nñ]iga/);

    // ↓ ↓ ↑ ↓: the second match is active (announced through aria-activedescendant), Enter opens it.
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowDown']) await page.keyboard.press(key);
    expect(await page.getAttribute('#q', 'aria-activedescendant')).toBe('result-1');
    expect(await page.getAttribute('#result-1', 'aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement.id)).toBe('q');
    const csv = await download(page, '#export');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header.split(',').slice(0, 4)).toEqual(['score', 'matchedName', 'target.__typename', 'target.id']);
    expect(rows.map((row) => row.split(',')[3])).toEqual(expected.map((m: any) => m.target.id));
    await page.focus('#q');
    await Promise.all([page.waitForURL(`**/${expected[1].target.__typename === 'Person' ? 'person' : 'organization'}/${expected[1].target.id}`), page.keyboard.press('Enter')]);
    expect(await settled(page)).toBe('ready');
    // Back, Escape clears the box and the list.
    await page.goBack();
    await settled(page);
    await page.focus('#q');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('#results li').length === 0);
    expect(await page.inputValue('#q')).toBe('');
    expect(await axe(page)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('person dossier: possible matches as the registry scores them, the man CBP recorded under another spelling first, each with why', async () => {
    const { original, variant } = recordedTwice(generateRegistry(1));
    const tab = await signedIn(hsi);
    const { page } = tab;
    await page.goto(`${base}/person/${original.id}`);
    expect(await settled(page)).toBe('ready');
    const expected = (await answer('PersonDossier', { id: original.id })).data.possibleMatches;
    expect(expected[0].person.id).toBe(variant.id);
    expect(await page.$$eval('#match-list [data-match]', (items) => items.map((li) => li.getAttribute('data-match')))).toEqual(expected.map((m: any) => m.person.id));
    const first = await page.textContent(`#match-list [data-match="${variant.id}"]`);
    expect(first).toContain(`${Math.round(expected[0].score * 100)}%`);
    for (const reason of expected[0].reasons) expect(first).toContain(reason.detail);
    expect(await axe(page)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
  }, BROWSER_TIMEOUT);

  it('search: part of a phone number finds the selector and who was seen using it, and the keyboard opens its network', async () => {
    const linked = await system.query(`mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { selector { id } } } }`,
      { input: { subjectId: hostile.personId, selector: { kind: 'PHONE', value: '(520) 555-0142' }, clientMutationId: 'workspace-phone' } }, { token: hsi });
    const selectorId = linked.data.linkSelector.link.selector.id;
    const tab = await signedIn(hsi);
    const { page } = tab;
    await page.goto(`${base}/?q=${encodeURIComponent('555 0142')}`);
    expect(await settled(page)).toBe('ready');
    const expected = (await answer('SearchSelectors', { text: '555 0142', first: 10 })).data.searchSelectors;
    expect(expected.edges.map((e: any) => e.node.id)).toContain(selectorId);
    expect(await page.$$eval('[data-kind="Selector"]', (items) => items.map((li) => li.getAttribute('data-id')))).toEqual(expected.edges.map((e: any) => e.node.id));
    expect(await page.textContent(`[data-kind="Selector"][data-id="${selectorId}"]`)).toContain(hostile.payloads['person.name']);
    const options = await page.$$eval('[role="option"]', (items) => items.map((li) => li.getAttribute('data-id')));
    for (let i = 0; i <= options.indexOf(selectorId); i++) await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(`**/network/${selectorId}?selectors=1`), page.keyboard.press('Enter')]);
    expect(await settled(page)).toBe('ready');
    expect(await page.evaluate(() => window.networkGraph.nodes().map((n: any) => n.id()))).toContain(hostile.personId);
    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('person dossier: identity, ties and every agency\u2019s records as the gateway answers them, pointers named, records linked', async () => {
    const linked = await system.query(`mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { id } } }`,
      { input: { subjectId: hostile.personId, selector: { kind: 'PHONE', value: '(520) 555-0142' }, clientMutationId: 'workspace-phone' } }, { token: hsi });
    expect(linked.errors).toBeUndefined();
    const tab = await signedIn(hsi);
    const { page } = tab;
    await page.goto(`${base}/person/${hostile.personId}`);
    expect(await settled(page)).toBe('ready');
    const { data } = await answer('PersonDossier', { id: hostile.personId });
    const person = data.person;
    expect(await page.textContent('#person-name')).toBe(person.name);
    expect(await page.textContent('#person-aliases')).toBe(`also known as ${person.aliases.join(' · ')}`);
    expect(await page.$$eval('[data-organization]', (items) => items.map((li) => li.getAttribute('data-organization'))))
      .toEqual(person.memberships.edges.map((e: any) => e.node.organization.id));
    expect(await page.$$eval('#associates [data-person]', (items) => items.map((li) => li.getAttribute('data-person'))))
      .toEqual(person.associates.edges.map((e: any) => e.node.associate.id));
    // Its selectors, each opening who else uses it.
    expect(person.selectors.edges.length).toBeGreaterThan(0);
    expect(await page.$$eval('#selector-list [data-selector]', (items) => items.map((li) => li.getAttribute('data-selector'))))
      .toEqual(person.selectors.edges.map((e: any) => e.node.selector.id));
    expect(await page.textContent('#selector-list')).toContain('+1 520 555 0142');
    // Every record of every list is on the timeline, linked to its own page.
    const links = await page.$$eval('#timeline a', (anchors) => anchors.map((a) => a.getAttribute('href')));
    for (const [list, kind] of [['interdictions', 'interdiction'], ['cases', 'case'], ['sanctions', 'sanction'], ['accounts', 'account'], ['assetSeizures', 'asset-seizure'], ['travelRestrictions', 'restriction']]) {
      for (const edge of person[list].edges) expect(links).toContain(`/record/${kind}/${edge.node.id}`);
    }
    const total = ['interdictions', 'cases', 'arrests', 'indictments', 'sanctions', 'accounts', 'assetSeizures', 'travelRestrictions', 'crossings']
      .reduce((sum, list) => sum + person[list].edges.length, 0) + person.cases.edges.filter((e: any) => e.node.closedAt).length;
    expect(await page.locator('#timeline li.event').count()).toBe(total);
    expect(await page.locator('#map path.interdiction-marker').count()).toBe(person.interdictions.edges.length);
    // The POINTER interdiction CBP holds: who holds it and whom to contact, never a blank.
    const pointer = person.interdictions.pointers[0];
    expect(pointer.agency).toBe('CBP');
    expect(await page.textContent('.list-note[data-list="interdictions"] .pointer')).toBe(`Held by CBP, contact ${pointer.controlOfficial} (${pointer.records} record${pointer.records === 1 ? '' : 's'} not released to HSI)`);

    // A record page: the case, as CaseRecord answers it; its subjects link back.
    await page.click(`#timeline a[href="/record/case/${hostile.caseId}"]`);
    expect(await settled(page)).toBe('ready');
    const record = (await answer('CaseRecord', { id: hostile.caseId })).data.case;
    expect(await page.textContent('#record-title')).toBe(`Case ${record.caseNumber}`);
    expect(await page.textContent('dd[data-field="title"]')).toBe(record.title);
    expect(await page.textContent('dd[data-field="partnerAgencies"]')).toBe(record.partnerAgencies.join(', '));
    expect(await page.getAttribute('dd[data-field="subjects"] a', 'href')).toBe(`/person/${hostile.personId}`);
    expect(await axe(page)).toEqual([]);
    // An id that is nobody's case gets the same words as a case not released to the caller.
    await page.goto(`${base}/record/case/00000000-0000-4000-8000-000000000000`);
    expect(await settled(page)).toBe('error');
    expect(await page.textContent('#status')).toBe('No case with id 00000000-0000-4000-8000-000000000000 is released to your agency.');

    await page.goto(`${base}/person/${hostile.personId}`);
    await settled(page);
    expect(await axe(page)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('a narrower partner token (MEX) works on every page and is told what it may not see', async () => {
    const tab = await signedIn(mex);
    const { page } = tab;
    await page.goto(`${base}/person/${hostile.personId}`);
    expect(await settled(page)).toBe('ready');
    const seen = (await answer('PersonDossier', { id: hostile.personId }, mex)).data.person;
    expect(await page.textContent('#person-name')).toBe(seen.name);
    for (const list of ['cases', 'sanctions', 'accounts', 'travelRestrictions']) {
      expect(await page.textContent(`.list-note[data-list="${list}"] .withheld`)).toMatch(/^Withheld from MEX: it needs the scope (investigations|finance|travel):read, which your token does not grant\.$/);
    }
    expect(await page.locator('#map path.interdiction-marker').count()).toBe(seen.interdictions.edges.length);

    await page.goto(`${base}/?q=${encodeURIComponent('Sierra Azul')}`);
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('#results [role="option"]').count()).toBeGreaterThan(0);
    expect(await page.textContent('#withheld .withheld[data-field="cases"]')).toContain('Withheld from MEX');

    await page.goto(`${base}/briefing?from=${week.from}&to=${week.to}`);
    expect(await settled(page)).toBe('ready');
    for (const section of ['investigations', 'finance', 'travel']) {
      expect(await page.textContent(`.agency-figures[data-section="${section}"] .withheld`)).toContain(`needs the scope ${section === 'investigations' ? 'investigations' : section}:read`);
    }
    expect(await page.locator('.figures-table[data-section="interdictions"]').count()).toBe(1);

    await page.goto(`${base}/network/${hostile.organizationId}`);
    expect(await settled(page)).toBe('ready');
    expect(await page.evaluate(() => window.networkGraph.nodes().length)).toBeGreaterThan(1);
    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('network explorer: the gateway\u2019s network, filtered, expanded and collapsed, the shortest path, and exports that read back', async () => {
    const tab = await signedIn(hsi);
    const { page } = tab;
    const organization = (await system.query('{ organizations(first: 1) { edges { node { id name } } } }')).data.organizations.edges[0].node;
    await page.goto(`${base}/network/${organization.id}?depth=1`);
    expect(await settled(page)).toBe('ready');
    // The page shows registry ties unless asked for selectors (?selectors=1); the API's default crosses both.
    const registryTies = ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION'];
    const expected = (await answer('Network', { rootId: organization.id, depth: 1, via: registryTies })).data.network;
    const graph = await page.evaluate(() => ({ nodes: window.networkGraph.nodes().map((n: any) => n.id()).sort(), edges: window.networkGraph.edges().length }));
    expect(graph.nodes).toEqual(expected.nodes.map((n: any) => n.id).sort());
    expect(graph.edges).toBe(expected.edges.length);
    expect(await page.locator('#node-list li').count()).toBe(expected.nodes.length);

    // Without membership ties, only the organization itself stays (its members joined it by membership).
    const associations = expected.edges.filter((e: any) => e.kind === 'ASSOCIATION').length;
    const visibleTies = (count: number) => page.waitForFunction((n) => window.networkGraph.edges(':visible').length === n, count, { timeout: 5_000 });
    await page.uncheck('#kinds input[data-kind="MEMBERSHIP"]');
    await visibleTies(associations);
    await page.check('#kinds input[data-kind="MEMBERSHIP"]');
    await visibleTies(expected.edges.length);

    // Expand the most central member: its own ties come in; collapse takes back exactly those.
    const member = expected.nodes.filter((n: any) => n.kind === 'PERSON').sort((a: any, b: any) => b.betweenness - a.betweenness)[0];
    const around = (await answer('Network', { rootId: member.id, depth: 1, via: registryTies })).data.network;
    const fresh = around.nodes.filter((n: any) => !expected.nodes.some((e: any) => e.id === n.id)).length;
    await page.click(`button.pick[data-id="${member.id}"]`);
    await page.click('#expand');
    await page.waitForFunction((count) => window.networkGraph.nodes().length === count, expected.nodes.length + fresh);
    await page.click('#collapse');
    await page.waitForFunction((count) => window.networkGraph.nodes().length === count, expected.nodes.length);

    // With shared selectors: the phones, vehicles and addresses the members use are nodes too, as the gateway answers.
    const via = ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION', 'SELECTOR'];
    const withSelectors = (await answer('Network', { rootId: organization.id, depth: 2, via })).data.network;
    expect(withSelectors.nodes.some((n: any) => n.kind === 'SELECTOR')).toBe(true);
    const selectorPage = (await signedIn(hsi)).page;
    await selectorPage.goto(`${base}/network/${organization.id}?depth=2&selectors=1`);
    expect(await settled(selectorPage)).toBe('ready');
    expect(await selectorPage.evaluate(() => window.networkGraph.nodes().map((n: any) => n.id()).sort())).toEqual(withSelectors.nodes.map((n: any) => n.id).sort());
    expect(await selectorPage.isChecked('#with-selectors')).toBe(true);

    // The shortest path between two members, as ShortestPath answers it.
    const other = expected.nodes.filter((n: any) => n.kind === 'PERSON' && n.id !== member.id)[0];
    await page.click(`button.pick[data-id="${member.id}"]`);
    await page.click('#path-from');
    await page.click(`button.pick[data-id="${other.id}"]`);
    await page.click('#path-to');
    await page.waitForSelector('#path-steps li');
    const path = (await answer('ShortestPath', { fromId: member.id, toId: other.id, via: registryTies })).data.path;
    expect(await page.$$eval('#path-steps li', (items) => items.map((li) => li.getAttribute('data-id')))).toEqual(path.nodes.map((n: any) => n.id));

    // Exports: what is shown, in files the analysts' tools read.
    const graphml = await download(page, '#export-graphml');
    expect((graphml.match(/<node /g) ?? []).length).toBe(expected.nodes.length);
    expect((graphml.match(/<edge /g) ?? []).length).toBe(expected.edges.length + path.edges.filter((e: any) => !expected.edges.some((x: any) => x.source === e.source && x.target === e.target && x.kind === e.kind)).length);
    const anx = await download(page, '#export-anx');
    expect(anx).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Chart>/);
    expect((anx.match(/<Entity EntityId=/g) ?? []).length).toBe(expected.nodes.length);
    expect(anx).toContain(`<Entity EntityId="${organization.id}" Identity="${organization.id}"><Icon><IconStyle Type="Organisation"/>`);
    const nodesCsv = await download(page, '#export-nodes');
    expect(nodesCsv.trim().split('\n')).toHaveLength(expected.nodes.length + 1);
    expect(nodesCsv).toBe(network.nodesCsv({ nodes: await page.evaluate(() => window.networkGraph.nodes(':visible').map((n: any) => n.id())).then((ids: string[]) => ids.map((id) => expected.nodes.find((n: any) => n.id === id))), edges: [] }));
    expect(await axe(page)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('weekly briefing: every agency\u2019s figures for the week and the four before, as WeeklyBriefing answers them, the sectors mapped, printable', async () => {
    const tab = await signedIn(hsi);
    const { page } = tab;
    await page.goto(`${base}/briefing?from=${week.from}&to=${week.to}`);
    expect(await settled(page)).toBe('ready');
    const from = new Date(`${week.from}T00:00:00Z`).getTime();
    const length = new Date(`${week.to}T00:00:00Z`).getTime() - from;
    for (let k = 0; k < 5; k++) {
      const period = { from: new Date(from - k * length).toISOString(), to: new Date(from + length - k * length).toISOString() };
      const briefing = (await answer('WeeklyBriefing', period)).data.briefing;
      for (const section of ['interdictions', 'investigations', 'finance', 'travel']) {
        const shown = await page.$$eval(`.figures-table[data-section="${section}"] tr[data-metric] td[data-period="${k}"]`, (cells) => cells.map((td) => [td.closest('tr')!.getAttribute('data-metric'), Number(td.getAttribute('data-value'))]));
        expect(shown.length).toBeGreaterThan(0);
        for (const [metric, value] of shown) expect([metric, value]).toEqual([metric, briefing[section][metric as string]]);
      }
    }
    // Every sector of the week, as the briefing counts it (organizations named or not), is tabled and mapped;
    // the hostile interdiction (CBP's open one) is among them.
    const current = (await answer('WeeklyBriefing', { from: new Date(from).toISOString(), to: new Date(from + length).toISOString() })).data.briefing.interdictions;
    const sectors = await page.$$eval('#sectors-table tr[data-sector]', (rows) => rows.map((tr) => [tr.getAttribute('data-sector'), Number(tr.querySelector('td')!.textContent)]));
    expect(sectors).toEqual(current.bySector.map((s: any) => [s.sector, s.interdictions]));
    expect(sectors.map(([sector]) => sector)).toContain(hostile.payloads['interdiction.sector']);
    expect(sectors.reduce((sum, [, count]) => sum + Number(count), 0)).toBe(current.interdictions);
    expect(await page.locator('#map path.sector-marker').count()).toBe(current.bySector.length);
    expect(await page.textContent('#investigation-lists')).toContain(hostile.payloads['case.caseNumber']);
    expect(await page.locator('canvas').count()).toBe(4);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isHidden('header.bar')).toBe(true);
    expect(await page.isHidden('#period')).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await axe(page)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('npm run briefing writes the briefing page as a PDF through headless Chromium', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unity-briefing-')), 'briefing.pdf');
    const run = (env: NodeJS.ProcessEnv, args: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'briefing.js'), ...args], { env: { ...process.env, ...env } });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    const written = await run({ UNITY_TOKEN: hsi }, ['--from', week.from, '--to', week.to, '--out', out, '--url', base]);
    expect(written).toEqual({ code: 0, stderr: `wrote ${out}\n` });
    const pdf = fs.readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);
    const refused = await run({ UNITY_TOKEN: 'not a token' }, ['--from', week.from, '--to', week.to, '--out', out, '--url', base]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the token (401)');
  }, BROWSER_TIMEOUT);

  it('every page shows script stored in records by other agencies as text, even without the policy', async () => {
    const tab = await signedIn(await signDevelopmentToken({ agency: 'DOJ' }), { bypassCSP: true });
    const { page } = tab;
    await page.addInitScript(() => {
      window.injected = [];
      window.p = (field: string) => window.injected.push(field);
    });
    const seen = new Set<string>();
    const pages = [
      `/?q=${encodeURIComponent(hostile.payloads['person.name'])}`, `/person/${hostile.personId}`, `/organization/${hostile.organizationId}`,
      `/network/${hostile.personId}?depth=1`, `/briefing?from=${week.from}&to=${week.to}`,
      `/record/case/${hostile.caseId}`, `/record/interdiction/${hostile.interdictionId}`, `/record/account/${hostile.accountId}`, `/record/restriction/${hostile.restrictionId}`,
      `/record/sanction/${hostile.sanctionId}`, `/record/asset-seizure/${hostile.assetSeizureId}`,
    ];
    for (const address of pages) {
      await page.goto(`${base}${address}`);
      expect([address, await settled(page)]).toEqual([address, 'ready']);
      // Tooltips of every marker open, as hovering does; the network's node labels are canvas text.
      await page.evaluate(() => ['personMarkers', 'dossierMarkers', 'briefingMarkers'].forEach((name) => window[name]?.eachLayer((m: any) => m.openTooltip())));
      const text: string = await page.evaluate(() => document.body.innerText + (window.networkGraph ? window.networkGraph.nodes().map((n: any) => n.data('label')).join('\n') : ''));
      for (const [field, payload] of Object.entries(hostile.payloads)) if (text.includes(payload)) seen.add(field);
      expect([address, await page.locator('img[src="x"]').count()]).toEqual([address, 0]);
    }
    // Every free-text field was shown somewhere, exactly as typed, and none ran.
    expect([...seen].sort()).toEqual(Object.keys(hostile.payloads).sort());
    expect(await page.evaluate(() => window.injected)).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);

  it('organization dossier: the map draws the latest interdictions and the activity area of all of them', async () => {
    const tab = await signedIn(hsi);
    const { page } = tab;
    const organization = generateRegistry(1).organizations[0];
    await page.goto(`${base}/organization/${organization.id}`);
    expect(await settled(page)).toBe('ready');
    const held = (await answer('OrganizationHoldings', { id: organization.id })).data.organization;
    const dossier = (await answer('TargetDossier', { id: organization.id })).data.organization;
    expect(held.activityArea.interdictions).toBe(dossier.interdictions.totalCount);
    expect(held.activityArea.interdictions).toBeGreaterThan(dossier.interdictions.edges.length); // the markers alone would show only some
    expect(await page.locator('#map path.interdiction-marker').count()).toBe(dossier.interdictions.edges.length);
    expect(await page.locator('#map path.sector-marker').count()).toBe(held.activityArea.busiestSectors.length);
    expect(await page.locator('#map path.activity-area').count()).toBe(1);
    expect(await page.textContent('#map-note .activity-note')).toContain(`all ${held.activityArea.interdictions} fall`);
    expect(await page.textContent('#map-note .activity-note')).toContain(`${held.activityArea.busiestSectors[0].sector} ${held.activityArea.busiestSectors[0].interdictions}`);
    expect(tab.pageErrors).toEqual([]);
  }, BROWSER_TIMEOUT);

  it('the explorer and the organization dossier pass axe-core too', async () => {
    const tab = await signedIn(hsi);
    const { page } = tab;
    await page.goto(`${base}/organization/${hostile.organizationId}`);
    expect(await settled(page)).toBe('ready');
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/explorer`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    // GraphiQL 3.9's own editor (CodeMirror textareas, tabs holding close buttons) is not ours to mend: the bar around it is.
    expect(await axe(page, '#graphiql')).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expectOnlyLocal(tab);
  }, BROWSER_TIMEOUT);
});
