import { DataSource } from 'typeorm';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { generateRegistry } from '../../lib/seed/registry';

const recorded = (agency: string) => ({ provenance_agency: agency, provenance_recorded_by: 'seed' });

/** The registry itself: organizations (parents first), persons, memberships, associations. */
export async function seedTargets(db: DataSource, scale: number): Promise<void> {
  const registry = generateRegistry(scale);
  await db.transaction(async (tx) => {
    await bulkInsert(tx, 'organization', registry.organizations.map((o) => ({
      id: o.id, name: o.name, aliases: o.aliases, kind: o.kind, priority_rank: o.priorityRank,
      threat_level: o.threatLevel, regions: o.regions, parent_id: o.parentId, ...recorded('HSI'),
    })));
    await bulkInsert(tx, 'person', registry.persons.map((p) => ({
      id: p.id, name: p.name, aliases: p.aliases, date_of_birth: p.dateOfBirth, nationality: p.nationality, ...recorded('HSI'),
    })));
    await bulkInsert(tx, 'membership', registry.memberships.map((m) => ({
      id: m.id, person_id: m.personId, organization_id: m.organizationId, role: m.role, since: m.since, until: m.until, ...recorded('HSI'),
    })));
    await bulkInsert(tx, 'association', registry.associations.map((a) => ({
      id: a.id, person_id: a.personId, associate_id: a.associateId, kind: a.kind, ...recorded('FBI'),
    })));
  });
}
