import DataLoader from 'dataloader';
import { ListDefinition, LoaderRegistry } from '../../lib/loaders/registry';
import { Bind } from '../../lib/database/page-by-parent';
import { binder, Period, periodConditions } from '../../lib/database/period';
import type { ScopedDatabase } from '../../lib/database/scoped-database';
import { BriefingScope } from '../../lib/graphql/briefing';
import { Case, CaseStatus, CaseSubject } from './case/case';
import { Charge, Indictment, IndictmentDefendant } from './indictment/indictment';
import { Arrest } from './arrest/arrest';
import { ConfidentialSource } from './confidential-source/confidential-source';

export interface CaseFilter {
  status?: CaseStatus | null;
}

const caseFilters = (args: CaseFilter) => (bind: Bind) => (args.status ? [`c.status = ${bind(args.status)}`] : []);

/** Every list the investigations subgraph serves, as SQL the loaders batch across parents. */
export const lists = {
  organizationCases: {
    name: 'Organization.cases',
    entity: Case,
    query: (args: CaseFilter) => ({ from: 'investigation_case c', parentColumn: 'c.organization_id', idColumn: 'c.id', where: caseFilters(args), orderBy: 'c.opened_at DESC, c.id' }),
  } satisfies ListDefinition<Case, CaseFilter>,

  personCases: {
    name: 'Person.cases',
    entity: Case,
    query: (args: CaseFilter) => ({
      from: 'investigation_case c JOIN case_subject s ON s.case_id = c.id', parentColumn: 's.person_id', idColumn: 'c.id', where: caseFilters(args), orderBy: 'c.opened_at DESC, c.id',
    }),
  } satisfies ListDefinition<Case, CaseFilter>,

  organizationArrests: {
    name: 'Organization.arrests',
    entity: Arrest,
    query: (args: Period) => ({
      from: 'arrest a JOIN investigation_case c ON c.id = a.case_id', parentColumn: 'c.organization_id', idColumn: 'a.id', parents: ['c'],
      where: (bind: Bind) => periodConditions(bind, 'a.arrested_at', args), orderBy: 'a.arrested_at DESC, a.id',
    }),
  } satisfies ListDefinition<Arrest, Period>,

  personArrests: {
    name: 'Person.arrests',
    entity: Arrest,
    // An arrest exists for the caller only with its case (row security); the case's labels also decide what counts as withheld.
    query: () => ({ from: 'arrest a JOIN investigation_case c ON c.id = a.case_id', parentColumn: 'a.person_id', idColumn: 'a.id', handling: 'a', parents: ['c'], orderBy: 'a.arrested_at DESC, a.id' }),
  } satisfies ListDefinition<Arrest>,

  personIndictments: {
    name: 'Person.indictments',
    entity: Indictment,
    query: () => ({
      from: 'indictment i JOIN indictment_defendant d ON d.indictment_id = i.id JOIN investigation_case c ON c.id = i.case_id', parentColumn: 'd.person_id', idColumn: 'i.id', handling: 'i', parents: ['c'],
      orderBy: 'i.filed_at DESC, i.id',
    }),
  } satisfies ListDefinition<Indictment>,
};

export interface InvestigationTotals {
  openCases: number;
  casesOpened: number;
  casesClosed: number;
  arrests: number;
  indictments: number;
  defendantsIndicted: number;
}

/**
 * Case, arrest and indictment totals grouped by organization (or one group for everything), in one
 * statement, over what row security lets the caller see. Cases opened, closed, arrests and
 * indictments count events inside the period; open cases are those open at its end.
 */
async function totals(db: ScopedDatabase, organizationIds: readonly string[] | null, period: Period): Promise<Map<string, InvestigationTotals>> {
  const params: unknown[] = [];
  const bind = binder(params);
  const scope = organizationIds ? `c.organization_id = ANY(${bind(organizationIds)})` : 'true';
  const group = organizationIds ? 'c.organization_id' : `'all'::text`;
  const inPeriod = (column: string) => periodConditions(bind, column, period).join(' AND ') || 'true';
  const rows: Record<string, string>[] = await db.query(
    `SELECT ${group} AS parent,
            count(*) FILTER (WHERE c.status = 'OPEN' AND ${period.to ? `c.opened_at < ${bind(period.to)}` : 'true'}) AS open_cases,
            count(*) FILTER (WHERE ${inPeriod('c.opened_at')}) AS cases_opened,
            count(*) FILTER (WHERE c.closed_at IS NOT NULL AND ${inPeriod('c.closed_at')}) AS cases_closed,
            coalesce(sum((SELECT count(*) FROM arrest a WHERE a.case_id = c.id AND ${inPeriod('a.arrested_at')})), 0) AS arrests,
            coalesce(sum((SELECT count(*) FROM indictment i WHERE i.case_id = c.id AND ${inPeriod('i.filed_at')})), 0) AS indictments,
            coalesce(sum((SELECT count(*) FROM indictment i JOIN indictment_defendant d ON d.indictment_id = i.id WHERE i.case_id = c.id AND ${inPeriod('i.filed_at')})), 0) AS defendants
       FROM investigation_case c WHERE ${scope} GROUP BY 1`,
    params,
  );
  return new Map(rows.map((r) => [r.parent, {
    openCases: Number(r.open_cases), casesOpened: Number(r.cases_opened), casesClosed: Number(r.cases_closed),
    arrests: Number(r.arrests), indictments: Number(r.indictments), defendantsIndicted: Number(r.defendants),
  }]));
}

const EMPTY: InvestigationTotals = { openCases: 0, casesOpened: 0, casesClosed: 0, arrests: 0, indictments: 0, defendantsIndicted: 0 };

export function summaries(loaders: LoaderRegistry, period: Period): DataLoader<string, InvestigationTotals> {
  return loaders.get(`summary:${period.from?.toISOString()}:${period.to?.toISOString()}`, () =>
    new DataLoader<string, InvestigationTotals>(async (organizationIds) => {
      const byOrganization = await totals(loaders.db, organizationIds, period);
      return organizationIds.map((id) => byOrganization.get(id) ?? EMPTY);
    }),
  );
}

export async function briefingSection(db: ScopedDatabase, scope: BriefingScope): Promise<InvestigationTotals> {
  const byGroup = await totals(db, scope.organizationId ? [scope.organizationId] : null, scope);
  return [...byGroup.values()][0] ?? EMPTY;
}

export const entities = { Case, CaseSubject, Indictment, IndictmentDefendant, Charge, Arrest, ConfidentialSource };
