import DataLoader from 'dataloader';
import { ListDefinition, LoaderRegistry, ROOT_COLUMN } from '../../lib/loaders/registry';
import { Bind } from '../../lib/database/page-by-parent';
import { PlannedOperation, PlannedOperationStatus } from './operation/operation';
import { Watch } from './watch/watch';
import { DeconflictionNotice, NoticeAcknowledgement } from './notice/notice';

export interface OperationFilter {
  status?: PlannedOperationStatus | null;
  agency?: string | null;
}

/** Every list the deconfliction subgraph serves, as SQL the loaders batch; row security decides what each caller sees. */
export const lists = {
  operations: {
    name: 'Query.operations',
    entity: PlannedOperation,
    query: (filter: OperationFilter) => ({
      from: 'planned_operation o', parentColumn: ROOT_COLUMN, idColumn: 'o.id',
      where: (bind: Bind) => [
        ...(filter.status ? [`o.status = ${bind(filter.status)}`] : []),
        ...(filter.agency ? [`o.provenance_agency = ${bind(filter.agency)}`] : []),
      ],
      orderBy: 'o.starts_at DESC, o.id',
    }),
  } satisfies ListDefinition<PlannedOperation, OperationFilter>,
  /** The caller's agency's own watches. */
  watches: {
    name: 'Query.watches',
    entity: Watch,
    query: (filter: { includeEnded?: boolean | null }) => ({
      from: 'watch w', parentColumn: ROOT_COLUMN, idColumn: 'w.id',
      where: () => ['w.provenance_agency = unity_agency()', ...(filter.includeEnded ? [] : ['w.ended_at IS NULL'])],
      orderBy: 'w.provenance_recorded_at DESC, w.id',
    }),
  } satisfies ListDefinition<Watch, { includeEnded?: boolean | null }>,
  /** Notices to the caller's agency (row security shows no others), newest first. */
  notices: {
    name: 'Query.deconflictionNotices',
    entity: DeconflictionNotice,
    query: (filter: { unacknowledgedOnly?: boolean | null }) => ({
      from: 'deconfliction_notice n', parentColumn: ROOT_COLUMN, idColumn: 'n.id',
      where: () => (filter.unacknowledgedOnly ? ['NOT EXISTS (SELECT 1 FROM notice_acknowledgement a WHERE a.notice_id = n.id)'] : []),
      orderBy: 'n.sequence DESC',
    }),
  } satisfies ListDefinition<DeconflictionNotice, { unacknowledgedOnly?: boolean | null }>,
};

/** Acknowledgements of notices, by notice id, in one statement per batch. */
export function acknowledgements(loaders: LoaderRegistry): DataLoader<string, NoticeAcknowledgement | null> {
  return loaders.get('acknowledgements', () => new DataLoader<string, NoticeAcknowledgement | null>(async (ids) => {
    const rows = await loaders.db.getRepository(NoticeAcknowledgement).createQueryBuilder('a').where('a.notice_id IN (:...ids)', { ids: [...ids] }).getMany();
    const byNotice = new Map(rows.map((row) => [row.noticeId, row]));
    return ids.map((id) => byNotice.get(id) ?? null);
  }));
}

export const entities = { PlannedOperation, Watch, DeconflictionNotice, NoticeAcknowledgement };
