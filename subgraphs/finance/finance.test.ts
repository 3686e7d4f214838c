import { callerOf, releasedTo, startTestSubgraph, TestSubgraph, uniquePrefix } from '../../test/support/harness';
import { finance } from './subgraph';
import { targets } from '../targets/subgraph';
import { generateRegistry } from '../../lib/seed/registry';
import { briefingId } from '../../lib/graphql/briefing';

describe('finance subgraph', () => {
  let subgraph: TestSubgraph;
  let registrySubgraph: TestSubgraph;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];
  // What the default caller (HSI) is released: some of Treasury's records are kept to Treasury.
  const hsi = releasedTo('HSI');

  beforeAll(async () => {
    const prefix = uniquePrefix('finance');
    registrySubgraph = await startTestSubgraph(targets, { prefix, seedScale: 1 });
    process.env.TARGETS_URL = registrySubgraph.running.url;
    subgraph = await startTestSubgraph(finance, { prefix, seedScale: 1 });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await registrySubgraph?.stop();
  });

  it("lists an organization's designations, accounts and seizures, and totals them", async () => {
    const { data, errors } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization {
         sanctions(first: 3) { totalCount edges { node { program listEntryId person { id } } } }
         frozen: accounts(first: 50, status: FROZEN) { totalCount edges { node { status maskedNumber frozenValueUsd } } }
         assetSeizures(first: 3) { totalCount }
         financialSummary { designatedMembers accountsFrozen frozenValueUsd seizedValueUsd }
       } } }`,
      { r: [{ __typename: 'Organization', id: organization.id }] },
    );
    expect(errors).toBeUndefined();
    const org = data._entities[0];
    const [sums] = await subgraph.db.query(
      `SELECT (SELECT count(*)::int FROM sanctions_designation WHERE ${hsi} AND organization_id = $1) AS designations,
              (SELECT count(DISTINCT person_id)::int FROM sanctions_designation WHERE ${hsi} AND organization_id = $1) AS designated,
              (SELECT count(*)::int FROM financial_account WHERE ${hsi} AND organization_id = $1 AND status = 'FROZEN') AS frozen,
              (SELECT coalesce(sum(frozen_value_usd), 0)::float FROM financial_account WHERE ${hsi} AND organization_id = $1 AND status = 'FROZEN') AS frozen_value,
              (SELECT count(*)::int FROM asset_seizure WHERE ${hsi} AND organization_id = $1) AS seizures`, [organization.id]);
    expect(org.sanctions.totalCount).toBe(sums.designations);
    expect(org.frozen.totalCount).toBe(sums.frozen);
    expect(org.frozen.edges.every((e: any) => e.node.status === 'FROZEN' && /^\*+\d+$/.test(e.node.maskedNumber))).toBe(true);
    expect(org.assetSeizures.totalCount).toBe(sums.seizures);
    expect(org.financialSummary).toMatchObject({ designatedMembers: sums.designated, accountsFrozen: sums.frozen });
    expect(org.financialSummary.frozenValueUsd).toBeCloseTo(sums.frozen_value, 2);
  });

  it('gives a briefing section whose totals equal the sums of the records', async () => {
    const from = new Date('2023-01-01T00:00:00Z');
    const to = new Date('2024-01-01T00:00:00Z');
    const { data } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Briefing { finance { designations accountsFrozen assetSeizures seizedValueUsd } } } }`,
      { r: [{ __typename: 'Briefing', id: briefingId({ from, to, organizationId: null }) }] });
    const [sums] = await subgraph.db.query(
      `SELECT (SELECT count(*)::int FROM sanctions_designation WHERE ${hsi} AND designated_at >= $1 AND designated_at < $2) AS designations,
              (SELECT count(*)::int FROM financial_account WHERE ${hsi} AND status = 'FROZEN' AND frozen_at >= $1 AND frozen_at < $2) AS frozen,
              (SELECT count(*)::int FROM asset_seizure WHERE ${hsi} AND seized_at >= $1 AND seized_at < $2) AS seizures,
              (SELECT coalesce(sum(value_usd), 0)::float FROM asset_seizure WHERE ${hsi} AND seized_at >= $1 AND seized_at < $2) AS seized`, [from, to]);
    expect(data._entities[0].finance).toMatchObject({ designations: sums.designations, accountsFrozen: sums.frozen, assetSeizures: sums.seizures });
    expect(data._entities[0].finance.seizedValueUsd).toBeCloseTo(sums.seized, 2);
  });

  const freeze = `mutation($input: FreezeAccountInput!) { freezeAccount(input: $input) { account { id status frozenValueUsd maskedNumber provenance { agency } } } }`;

  it('records a newly found frozen account, refuses a full account number, and freezes only accounts Treasury holds', async () => {
    const holder = registry.memberships[0].personId;
    const made = await subgraph.query(freeze, { input: { clientMutationId: 'tr-1', institution: 'Banco Prueba', country: 'MEX', maskedNumber: '****1234', frozenValueUsd: 250000, holderId: holder } }, callerOf('TREASURY'));
    expect(made.errors).toBeUndefined();
    expect(made.data.freezeAccount.account).toMatchObject({ status: 'FROZEN', frozenValueUsd: 250000, maskedNumber: '****1234', provenance: { agency: 'TREASURY' } });
    const again = await subgraph.query(freeze, { input: { clientMutationId: 'tr-1', institution: 'Banco Prueba', country: 'MEX', maskedNumber: '****1234', frozenValueUsd: 250000, holderId: holder } }, callerOf('TREASURY'));
    expect(again.data.freezeAccount.account.id).toBe(made.data.freezeAccount.account.id);
    const fullNumber = await subgraph.query(freeze, { input: { institution: 'Banco Prueba', country: 'MEX', maskedNumber: '4111111111111111', frozenValueUsd: 1, holderId: holder } }, callerOf('TREASURY'));
    expect(fullNumber.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maskedNumber' });
    const twice = await subgraph.query(freeze, { input: { accountId: made.data.freezeAccount.account.id, frozenValueUsd: 1 } }, callerOf('TREASURY'));
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
    const notWritable = await subgraph.query(freeze, { input: { accountId: made.data.freezeAccount.account.id, frozenValueUsd: 1 } }, callerOf('HSI'));
    expect(notWritable.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('designates a sanction only for a party the registry knows', async () => {
    const designate = `mutation($input: DesignateSanctionInput!) { designateSanction(input: $input) { designation { id program organization { id } } } }`;
    const ok = await subgraph.query(designate, { input: { program: 'TCO', listEntryId: 'TCO-99999', authority: 'E.O. 13581', basis: 'test', organizationId: organization.id } }, callerOf('TREASURY'));
    expect(ok.errors).toBeUndefined();
    const unknown = await subgraph.query(designate, { input: { program: 'TCO', listEntryId: 'TCO-99998', authority: 'E.O. 13581', basis: 'test', organizationId: '00000000-0000-4000-8000-00000000abcd' } }, callerOf('TREASURY'));
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organizationId' });
    const nobody = await subgraph.query(designate, { input: { program: 'TCO', listEntryId: 'TCO-99997', authority: 'E.O. 13581', basis: 'test' } }, callerOf('TREASURY'));
    expect(nobody.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
