import { badUserInput } from './errors';

/**
 * The weekly briefing is one entity that every agency subgraph adds its section to. Its key
 * carries the period and the organization (or ALL), so each subgraph computes its section alone.
 */
export interface BriefingScope {
  from: Date;
  to: Date;
  organizationId: string | null;
}

export function briefingId(scope: BriefingScope): string {
  return `${scope.from.toISOString()}_${scope.to.toISOString()}_${scope.organizationId ?? 'ALL'}`;
}

export function parseBriefingId(id: string): BriefingScope {
  const [from, to, organization] = id.split('_');
  const scope = { from: new Date(from), to: new Date(to), organizationId: organization === 'ALL' ? null : organization };
  if (Number.isNaN(scope.from.getTime()) || Number.isNaN(scope.to.getTime()) || !organization) {
    throw badUserInput(`"${id}" is not a briefing id; ask for a briefing with briefing(from, to, organizationId).`, 'id');
  }
  return scope;
}
