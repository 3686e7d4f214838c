import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { PlatformTables1732200000000 } from '../../lib/database/platform-migration';
import { AuditEvent } from './audit-event/audit-event';
import { AuditTrailResolver } from './audit-event/resolver';
import { HandlingNotice } from './handling-notice/handling-notice';
import { HandlingNoticeResolver } from './handling-notice/resolver';
import { AuditTrail1732200000600 } from './migrations/1732200000600-AuditTrail';
import { AuditPurpose1732200000601 } from './migrations/1732200000601-AuditPurpose';

/** The dissemination audit trail the gateway writes (readable with audit:read), and the handling notices owed to agencies. */
export const audit: SubgraphDefinition = {
  name: 'audit',
  portOffset: 6,
  owner: 'Task force oversight',
  resolvers: [AuditTrailResolver, HandlingNoticeResolver],
  entities: [AuditEvent, HandlingNotice],
  migrations: [PlatformTables1732200000000, AuditTrail1732200000600, AuditPurpose1732200000601],
  // The trail starts empty: it records real requests only.
  seed: async () => {},
  // Every read through the gateway appends to the trail: its answers are never the same twice.
  responseCache: false,
};
