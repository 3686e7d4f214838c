import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { AuditEvent } from './audit-event/audit-event';
import { AuditTrailResolver } from './audit-event/resolver';
import { HandlingNotice } from './handling-notice/handling-notice';
import { HandlingNoticeResolver } from './handling-notice/resolver';
import { AuditTrail1732200000600 } from './migrations/1732200000600-AuditTrail';
import { RowSecurity1732200000601 } from './migrations/1732200000601-RowSecurity';
import { RecordValidationResolver } from './record-validation/resolver';
import { RecordValidation1732200000602 } from './migrations/1732200000602-RecordValidation';

/** The dissemination audit trail the gateway writes (readable with audit:read), and the handling notices owed to agencies. */
export const audit: SubgraphDefinition = {
  name: 'audit',
  portOffset: 6,
  owner: 'Task force oversight',
  resolvers: [AuditTrailResolver, HandlingNoticeResolver, RecordValidationResolver],
  entities: [AuditEvent, HandlingNotice],
  migrations: [AuditTrail1732200000600, RowSecurity1732200000601, RecordValidation1732200000602],
  // The trail starts empty: it records real requests only.
  seed: async () => {},
  // Every read through the gateway appends to the trail: its answers are never the same twice.
  responseCache: false,
  // Reading the trail first brings its who-saw-what index up to date.
  readsWrite: true,
};
