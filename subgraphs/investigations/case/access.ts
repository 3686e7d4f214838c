import type { RequestTransaction } from '../../../lib/database/scoped-database';
import { Case } from './case';
import { forbidden, notFound } from '../../../lib/graphql/errors';
import type { Caller } from '../../../lib/identity/caller';

/**
 * Only the case's lead agency and its partner agencies may add to a case. A case not released to
 * the caller does not exist for it (row security): it gets the same answer as for an id nobody uses.
 * The database checks the same rule again on every insert (the RowSecurity migration's policies).
 */
export async function caseWritableBy(tx: RequestTransaction, caseId: string, caller: Caller): Promise<Case> {
  const found = await tx.findOne(Case, { where: { id: caseId } });
  if (!found) throw notFound(`caseId: no case with id ${caseId} is released to your agency.`);
  if (found.leadAgency !== caller.agency && !found.partnerAgencies.includes(caller.agency)) {
    throw forbidden(`Case ${found.caseNumber} is led by ${found.leadAgency}; only its lead and partner agencies may add to it.`);
  }
  return found;
}
