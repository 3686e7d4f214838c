import { DataSource } from 'typeorm';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { generateRegistry, SeedLabels } from '../../lib/seed/registry';
import { recordedTwice } from '../../lib/seed/spellings';
import { generateSelectorSeed } from '../../lib/seed/selectors';
import { registryReleasableTo } from '../../lib/handling/registry-labels';
import { searchForm } from '../../lib/selectors/normalize';

const recorded = (agency: string) => ({ provenance_agency: agency, provenance_recorded_by: 'seed' });
/** A record an agency keeps to itself: submitted by it, released to it alone. */
const confidential = (labels: SeedLabels) => ({
  ...recorded(labels.owner), handling_sensitivity: labels.sensitivity, handling_releasable_to: [labels.owner], handling_control_official: labels.controlOfficial,
});

/** The registry itself: organizations (parents first), persons, memberships, associations; then what agencies keep to themselves. */
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
    const { variant, variantAgency } = recordedTwice(registry);
    await bulkInsert(tx, 'person', [{
      id: variant.id, name: variant.name, aliases: variant.aliases, date_of_birth: variant.dateOfBirth, nationality: variant.nationality, ...recorded(variantAgency),
    }]);
    const { organizations, persons, memberships, associations } = registry.confidential;
    await bulkInsert(tx, 'organization', organizations.map((o) => ({
      id: o.id, name: o.name, aliases: o.aliases, kind: o.kind, priority_rank: o.priorityRank, threat_level: o.threatLevel, regions: o.regions, parent_id: o.parentId, ...confidential(o.labels),
    })));
    await bulkInsert(tx, 'person', persons.map((p) => ({
      id: p.id, name: p.name, aliases: p.aliases, date_of_birth: p.dateOfBirth, nationality: p.nationality, ...confidential(p.labels),
    })));
    await bulkInsert(tx, 'membership', memberships.map((m) => ({
      id: m.id, person_id: m.personId, organization_id: m.organizationId, role: m.role, since: m.since, until: m.until, ...confidential(m.labels),
    })));
    await bulkInsert(tx, 'association', associations.map((a) => ({
      id: a.id, person_id: a.personId, associate_id: a.associateId, kind: a.kind, ...confidential(a.labels),
    })));
    // Who was seen using which phone, vehicle or line (lib/seed/selectors.ts); a few kept by the agency that saw them.
    const { links } = generateSelectorSeed(scale);
    const selectors = new Map(links.map((l) => [l.selector.id, l.selector]));
    await bulkInsert(tx, 'selector', [...selectors.values()].map((s) => ({ id: s.id, kind: s.kind, value: s.value, display: s.display, search: searchForm(s.value) })));
    // Every ninth of the others, a person's, is a POINTER: other agencies learn only who holds it (by position, so no value moves).
    await bulkInsert(tx, 'selector_link', links.map((l, i) => ({
      id: l.id, selector_id: l.selector.id, person_id: l.personId, organization_id: l.organizationId, first_seen: l.firstSeen, last_seen: l.lastSeen,
      latitude: l.location?.latitude ?? null, longitude: l.location?.longitude ?? null,
      ...recorded(l.agency),
      ...(l.restricted
        ? { handling_sensitivity: 'RESTRICTED', handling_releasable_to: [l.agency], handling_control_official: `${l.agency} intelligence group supervisor` }
        : l.personId && i % 9 === 1
          ? { handling_sensitivity: 'POINTER', handling_releasable_to: [l.agency], handling_control_official: `${l.agency} field intelligence officer` }
          : { handling_sensitivity: 'OPEN', handling_releasable_to: registryReleasableTo(), handling_control_official: null }),
    })));
  });
}
