import { DataSource } from 'typeorm';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { generateRegistry, SEED_PERIOD, SeedLabels } from '../../lib/seed/registry';
import { Random } from '../../lib/seed/random';
import { CaseStatus, CaseSubjectRole } from './case/case';
import { keepSomeToOwners, seedHandling } from '../../lib/handling/seed-labels';
import { backfillEvents } from '../../lib/events/outbox';
import { openCaseEvents } from './case/open-case-events';
import { generateSelectorSeed } from '../../lib/seed/selectors';
import type { RecordSelector } from '../../lib/selectors/federated';
import { withSeededReview } from '../../lib/retention/seed-review';

const CASES_PER_SCALE = 80;
const LEADS = ['HSI', 'FBI', 'DEA', 'DOJ'];
const OFFICES = ['PHX', 'TUC', 'SDG', 'ELP', 'HOU', 'SAT', 'LRD', 'MCA'];
const DISTRICTS = ['D. Ariz.', 'S.D. Tex.', 'W.D. Tex.', 'S.D. Cal.', 'D.N.M.'];
const CITIES = ['Phoenix, AZ', 'Tucson, AZ', 'Nogales, AZ', 'San Diego, CA', 'El Paso, TX', 'Laredo, TX', 'McAllen, TX', 'Houston, TX', 'Las Cruces, NM'];
const CHARGES = [
  { statute: '8 U.S.C. § 1324', description: 'Alien smuggling' },
  { statute: '21 U.S.C. § 846', description: 'Conspiracy to distribute controlled substances' },
  { statute: '21 U.S.C. § 841', description: 'Possession with intent to distribute' },
  { statute: '18 U.S.C. § 1956', description: 'Money laundering' },
  { statute: '18 U.S.C. § 924(c)', description: 'Firearm in furtherance of drug trafficking' },
];
const TITLES = ['Operation Sierra', 'Operation Halcón', 'Operation Río Bravo', 'Operation Desert Route', 'Operation Cold Trail', 'Operation Paper Wall', 'Operation Night Crossing'];

/** Investigations of the registry's organizations: cases with subjects, arrests and indictments of those subjects. */
export async function seedInvestigations(db: DataSource, scale: number): Promise<void> {
  const registry = generateRegistry(scale);
  const random = new Random(`investigations:${scale}`);
  const membersOf = new Map<string, { personId: string; role: string }[]>();
  for (const m of registry.memberships) membersOf.set(m.organizationId, [...(membersOf.get(m.organizationId) ?? []), { personId: m.personId, role: m.role }]);
  const weighted = registry.organizations.flatMap((o) => Array(Math.ceil((membersOf.get(o.id)?.length ?? 1) / 10)).fill(o.id) as string[]);

  const cases: Record<string, unknown>[] = [];
  const subjects: Record<string, unknown>[] = [];
  const arrests: Record<string, unknown>[] = [];
  const indictments: Record<string, unknown>[] = [];
  const defendants: Record<string, unknown>[] = [];
  const charges: Record<string, unknown>[] = [];
  const sources: Record<string, unknown>[] = [];
  const caseCount = CASES_PER_SCALE * scale;
  for (let i = 0; i < caseCount; i++) {
    const id = random.uuid();
    const organizationId = random.pick(weighted);
    const lead = random.pick(LEADS);
    const openedAt = random.date(SEED_PERIOD.from, new Date(SEED_PERIOD.to.getTime() - 30 * 86_400_000));
    const closed = random.chance(0.3);
    cases.push({
      id, case_number: `${lead}-${random.pick(OFFICES)}-${openedAt.getUTCFullYear()}-${String(i + 1).padStart(5, '0')}`,
      title: `${random.pick(TITLES)} ${i + 1}`, lead_agency: lead, partner_agencies: random.sample(LEADS.filter((a) => a !== lead), random.int(0, 2)),
      status: closed ? CaseStatus.CLOSED : random.chance(0.1) ? CaseStatus.SUSPENDED : CaseStatus.OPEN, opened_at: openedAt,
      closed_at: closed ? random.date(openedAt, SEED_PERIOD.to) : null, organization_id: organizationId,
      provenance_agency: lead, provenance_recorded_by: 'seed',
      ...seedHandling(random, [lead, 'DOJ'], `${lead} case agent, ${random.pick(OFFICES)} field office`, { pointer: 0.2, restricted: 0.1 }),
    });
    const members = membersOf.get(organizationId) ?? [];
    // Leaders and coordinators are the usual targets; others are subjects or witnesses.
    const named = random.sample(members, Math.min(members.length, random.int(2, 8)));
    for (const member of named) {
      subjects.push({ case_id: id, person_id: member.personId, role: member.role === 'LEADER' || member.role === 'COORDINATOR' ? CaseSubjectRole.TARGET : random.pick([CaseSubjectRole.SUBJECT, CaseSubjectRole.SUBJECT, CaseSubjectRole.ASSOCIATE, CaseSubjectRole.WITNESS]) });
    }
    for (let a = 0; a < Math.round((150 / 80) * random.next() * 2) && named.length; a++) {
      arrests.push({
        id: random.uuid(), case_id: id, person_id: random.pick(named).personId, arrested_at: random.date(openedAt, SEED_PERIOD.to),
        agency: random.pick([lead, lead, 'CBP']), location: random.pick(CITIES), provenance_agency: lead, provenance_recorded_by: 'seed',
        ...seedHandling(random, [lead], `${lead} arrest team`, {}),
      });
    }
    for (let k = random.int(0, 2); k > 0; k--) {
      sources.push({ id: random.uuid(), case_id: id, code_name: `${random.pick(['CS', 'CHS', 'SOI'])}-${random.int(1000, 9999)}`, reliability: random.pick(['A', 'B', 'B', 'C', 'D']), handler_agency: lead });
    }
    if (random.chance(0.5) && named.length) {
      const indictmentId = random.uuid();
      indictments.push({
        id: indictmentId, case_id: id, district: random.pick(DISTRICTS), filed_at: random.date(openedAt, SEED_PERIOD.to), provenance_agency: 'DOJ', provenance_recorded_by: 'seed',
        ...seedHandling(random, ['DOJ'], 'Assistant U.S. Attorney', {}),
      });
      for (const d of random.sample(named, random.int(1, Math.min(6, named.length)))) defendants.push({ indictment_id: indictmentId, person_id: d.personId });
      for (const c of random.sample(CHARGES, random.int(1, 3))) charges.push({ id: random.uuid(), indictment_id: indictmentId, statute: c.statute, description: c.description, counts: random.int(1, 12) });
    }
  }
  cases.push(...confidentialCases(registry, subjects, random.uuid.bind(random)));
  // The phones the cases' subjects are known to use (lib/seed/selectors.ts), recorded in every case naming them.
  const phonesOf = new Map<string, RecordSelector[]>();
  for (const p of generateSelectorSeed(scale).subjectPhones) phonesOf.set(p.personId, [...(phonesOf.get(p.personId) ?? []), ...p.selectors]);
  const subjectSelectors = subjects.flatMap((s: Record<string, any>) => (phonesOf.get(s.person_id) ?? []).map((p) => ({
    case_id: s.case_id, person_id: s.person_id, selector_id: p.id, kind: p.kind, value: p.value, display: p.display, role: 'PHONE',
  })));
  await db.transaction(async (tx) => {
    await bulkInsert(tx, 'investigation_case', withSeededReview(cases, 'opened_at'));
    await bulkInsert(tx, 'case_subject', subjects);
    // Arrests made under cover of an ongoing operation, kept to the lead agency; sealed indictments, kept to DOJ.
    await bulkInsert(tx, 'arrest', withSeededReview(keepSomeToOwners(arrests, (a) => [String(a.provenance_agency)], { pointer: { every: 17, from: 3 }, restricted: { every: 19, from: 8 } }), 'arrested_at'));
    await bulkInsert(tx, 'indictment', withSeededReview(keepSomeToOwners(indictments, () => ['DOJ'], { pointer: { every: 11, from: 2 }, restricted: { every: 13, from: 6 } }), 'filed_at'));
    await bulkInsert(tx, 'indictment_defendant', defendants);
    await bulkInsert(tx, 'charge', charges);
    await bulkInsert(tx, 'confidential_source', sources);
    await bulkInsert(tx, 'case_subject_selector', subjectSelectors);
    // Deconfliction learns of the open cases from events, as of every case opened later (without notifying: nobody just opened them).
    await backfillEvents(tx, openCaseEvents(cases, subjects, subjectSelectors));
  });
}

/**
 * The owners' own cases on the registry's confidential persons and networks, as confidential as the
 * registry records they are about (numbered after the shared cases, so those stay the same).
 */
function confidentialCases(registry: ReturnType<typeof generateRegistry>, subjects: Record<string, unknown>[], uuid: () => string): Record<string, unknown>[] {
  const random = new Random(`investigations-confidential:${registry.scale}`);
  const byOwner = new Map<string, { labels: SeedLabels; personIds: string[]; organizationId: string | null }>();
  for (const m of registry.confidential.memberships) {
    const key = `${m.labels.owner}:${m.organizationId}`;
    const entry = byOwner.get(key) ?? byOwner.set(key, { labels: m.labels, personIds: [], organizationId: m.organizationId }).get(key)!;
    entry.personIds.push(m.personId);
  }
  return [...byOwner.values()].map(({ labels, personIds, organizationId }, i) => {
    const id = uuid();
    const openedAt = random.date(new Date('2024-01-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'));
    for (const personId of personIds) subjects.push({ case_id: id, person_id: personId, role: CaseSubjectRole.TARGET });
    return {
      id, case_number: `${labels.owner}-${random.pick(OFFICES)}-${openedAt.getUTCFullYear()}-${String(CASES_PER_SCALE * registry.scale + i + 1).padStart(5, '0')}`,
      title: `Operation ${random.pick(['Quiet Water', 'Glass House', 'Long Shadow', 'Second Key'])} ${i + 1}`, lead_agency: labels.owner, partner_agencies: [],
      status: CaseStatus.OPEN, opened_at: openedAt, closed_at: null, organization_id: organizationId,
      provenance_agency: labels.owner, provenance_recorded_by: 'seed',
      handling_sensitivity: labels.sensitivity, handling_releasable_to: [labels.owner], handling_control_official: labels.controlOfficial,
      handling_source_reliability: 'B', handling_content_validity: 2,
    };
  });
}
