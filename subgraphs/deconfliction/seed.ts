import { DataSource } from 'typeorm';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { generateRegistry, SEED_PERIOD } from '../../lib/seed/registry';
import { Random } from '../../lib/seed/random';
import { SECTORS } from '../../lib/seed/vocabulary';
import { keepSomeToOwners, seedHandling } from '../../lib/handling/seed-labels';
import { PlannedOperationStatus, PlannedOperationType } from './operation/operation';

const AGENCIES = ['HSI', 'FBI', 'DEA', 'CBP'];

/**
 * Operations the task force's agencies planned and carried out over the seed period (history: none
 * is still ahead, so none conflicts with what a user plans). Open cases reach deconfliction as the
 * investigations subgraph's events, not from here.
 */
export async function seedDeconfliction(db: DataSource, scale: number): Promise<void> {
  const registry = generateRegistry(scale);
  const random = new Random(`deconfliction:${scale}`);
  const operations = Array.from({ length: 12 * scale }, () => {
    const agency = random.pick(AGENCIES);
    const sector = random.pick(SECTORS);
    const start = random.date(SEED_PERIOD.from, new Date(SEED_PERIOD.to.getTime() - 2 * 86_400_000));
    const member = random.pick(registry.memberships);
    return {
      id: random.uuid(), type: random.pick(Object.values(PlannedOperationType)),
      status: random.chance(0.85) ? PlannedOperationStatus.COMPLETED : PlannedOperationStatus.CANCELLED,
      latitude: sector.latitude + (random.next() - 0.5) * 0.2, longitude: sector.longitude + (random.next() - 0.5) * 0.2,
      radius_meters: random.pick([100, 200, 500, 1000]), starts_at: start, ends_at: new Date(start.getTime() + random.int(2, 12) * 3_600_000),
      contact_name: `${agency} operations desk`, contact_phone: '+15205550100',
      target_person_ids: [member.personId], target_organization_ids: [member.organizationId], selectors: JSON.stringify([]),
      provenance_agency: agency, provenance_recorded_by: 'seed',
      ...seedHandling(random, [agency], `${agency} operations supervisor`, { pointer: 0.2, restricted: 0.1 }),
    };
  });
  // At least one operation an agency kept to itself entirely, whatever the draws.
  await db.transaction((tx) => bulkInsert(tx, 'planned_operation', keepSomeToOwners(operations, (o) => [String(o.provenance_agency)], { restricted: { every: 7, from: 5 } })));
}
