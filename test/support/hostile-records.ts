import type { TestSystem } from './harness';

/**
 * Markup that runs script when a page parses it as HTML: `p("<field>")` is called by its error
 * handler. Short enough for the narrowest text field (a seizure's unit, 30 characters).
 */
export function injection(field: string): string {
  return `<img src=x onerror=p("${field}")>`;
}

export interface HostileRecords {
  organizationId: string;
  personId: string;
  associateId: string;
  caseId: string;
  interdictionId: string;
  accountId: string;
  restrictionId: string;
  sanctionId: string;
  assetSeizureId: string;
  /** Every stored payload, by the field it was typed into. */
  payloads: Record<string, string>;
}

/**
 * An organization, two persons and one record of every agency whose every free-text field holds
 * script, each written by the agency that may write it (as an attacker with a real token would).
 */
export async function recordHostileRecords(system: TestSystem): Promise<HostileRecords> {
  const payloads: Record<string, string> = {};
  const p = (field: string) => (payloads[field] = injection(field));
  const write = async <T>(agency: string, document: string, input: Record<string, unknown>): Promise<T> => {
    const answer = await system.query(document, { input }, { agency });
    if (answer.errors?.length) throw new Error(`${agency} could not write hostile records: ${answer.errors.map((e) => e.message).join('; ')}`);
    return answer.data as T;
  };
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString();

  const { createOrganization } = await write<{ createOrganization: { organization: { id: string } } }>('HSI',
    'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }',
    { name: p('organization.name'), aliases: [p('organization.alias')], kind: 'SMUGGLING_NETWORK', threatLevel: 'HIGH', priorityRank: 1, regions: [p('organization.region')] });
  const organizationId = createOrganization.organization.id;
  const person = async (field: string) => (await write<{ createPerson: { person: { id: string } } }>('HSI',
    'mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }',
    { name: p(`${field}.name`), aliases: [p(`${field}.alias`)], nationality: 'MEX', dateOfBirth: '1980-02-03' })).createPerson.person.id;
  const personId = await person('person');
  const associateId = await person('associate');
  for (const [id, role] of [[personId, 'LEADER'], [associateId, 'DRIVER']]) {
    await write('HSI', 'mutation($input: AddMembershipInput!) { addMembership(input: $input) { membership { id } } }', { personId: id, organizationId, role, since: '2020-01-01' });
  }
  await write('HSI', 'mutation($input: AddAssociationInput!) { addAssociation(input: $input) { association { id } } }', { personId, associateId, kind: 'FAMILY' });
  await write('HSI', 'mutation($input: AddAliasInput!) { addAlias(input: $input) { clientMutationId } }', { targetId: personId, alias: p('person.addedAlias') });

  const { recordInterdiction } = await write<{ recordInterdiction: { interdiction: { id: string } } }>('CBP',
    'mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }', {
      occurredAt: day(1), type: 'SEIZURE', sector: p('interdiction.sector'), station: p('interdiction.station'),
      location: { latitude: 31.9, longitude: -110.9 }, migrantsEncountered: 2, organizationId, subjectIds: [personId],
      seizures: [{ category: 'NARCOTICS', quantity: 12, unit: p('u'), estimatedValueUsd: 240000, description: p('seizure.description') }],
    });
  const { openCase } = await write<{ openCase: { case: { id: string } } }>('HSI',
    'mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id } } }', {
      caseNumber: `HSI-${p('case.caseNumber')}`, title: p('case.title'), partnerAgencies: ['FBI'], openedAt: day(2), organizationId,
      subjects: [{ personId, role: 'TARGET' }],
    });
  const caseId = openCase.case.id;
  await write('HSI', 'mutation($input: RecordArrestInput!) { recordArrest(input: $input) { arrest { id } } }',
    { caseId, personId, arrestedAt: day(1), location: p('arrest.location') });
  await write('HSI', 'mutation($input: RecordIndictmentInput!) { recordIndictment(input: $input) { indictment { id } } }', {
    caseId, district: p('indictment.district'), filedAt: day(1), defendantIds: [personId],
    charges: [{ statute: p('charge.statute'), description: p('charge.description'), counts: 2 }],
  });
  const { designateSanction } = await write<{ designateSanction: { designation: { id: string } } }>('TREASURY', 'mutation($input: DesignateSanctionInput!) { designateSanction(input: $input) { designation { id } } }', {
    program: p('sanction.program'), listEntryId: p('sanction.listEntryId'), designatedAt: day(1), authority: p('sanction.authority'),
    basis: p('sanction.basis'), personId, organizationId,
  });
  const { freezeAccount } = await write<{ freezeAccount: { account: { id: string } } }>('TREASURY',
    'mutation($input: FreezeAccountInput!) { freezeAccount(input: $input) { account { id } } }',
    { institution: p('account.institution'), country: 'MEX', maskedNumber: '****4821', frozenValueUsd: 125000, holderId: personId, organizationId });
  const { recordAssetSeizure } = await write<{ recordAssetSeizure: { assetSeizure: { id: string } } }>('TREASURY', 'mutation($input: RecordAssetSeizureInput!) { recordAssetSeizure(input: $input) { assetSeizure { id } } }', {
    seizedAt: day(1), assetType: 'VEHICLE', description: p('assetSeizure.description'), valueUsd: 54000,
    authority: p('assetSeizure.authority'), personId, organizationId,
  });
  // A record HSI may not read: it must show as a pointer naming CBP and its control official.
  await write('CBP', 'mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }', {
    occurredAt: day(3), type: 'APPREHENSION', sector: 'Tucson', station: 'Nogales', location: { latitude: 31.3, longitude: -110.9 }, organizationId, subjectIds: [personId],
    handling: { sensitivity: 'POINTER', releasableTo: ['CBP'], controlOfficial: p('handling.controlOfficial') },
  });
  const { issueTravelRestriction } = await write<{ issueTravelRestriction: { restriction: { id: string } } }>('CBP',
    'mutation($input: IssueTravelRestrictionInput!) { issueTravelRestriction(input: $input) { restriction { id } } }',
    { type: 'LOOKOUT', personId, organizationId, issuedAt: day(1), reason: p('restriction.reason') });
  return {
    organizationId, personId, associateId, caseId, interdictionId: recordInterdiction.interdiction.id,
    accountId: freezeAccount.account.id, restrictionId: issueTravelRestriction.restriction.id,
    sanctionId: designateSanction.designation.id, assetSeizureId: recordAssetSeizure.assetSeizure.id, payloads,
  };
}
