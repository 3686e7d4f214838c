import crypto from 'node:crypto';
import { EntityManager } from 'typeorm';
import { badUserInput, notFound } from '../graphql/errors';
import type { ScopedDatabase } from '../database/scoped-database';
import { touch } from '../database/change-feed';

export interface MutationReceipt {
  agency: string;
  mutation: string;
  /** The mutation's input: its clientMutationId, and the arguments a retry under that id must repeat. */
  input?: { clientMutationId?: string | null };
}

/**
 * What a retry must repeat: the input but for its clientMutationId, keys sorted at every depth, as
 * a digest. The same id sent with other arguments is another write under a used id, not a retry.
 */
function argumentsDigest(input: object): string {
  const sorted = (value: unknown): unknown => {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
    return value;
  };
  const { clientMutationId: _id, ...rest } = input as Record<string, unknown>;
  return crypto.createHash('sha256').update(JSON.stringify(sorted(rest))).digest('base64url');
}

/**
 * Runs a write all or nothing (a savepoint in the request's transaction, under row security) and,
 * when the caller supplied a clientMutationId, at most once: the receipt row is inserted in the
 * same transaction, so concurrent retries wait on its unique key and then answer with the record
 * the first call created. Returns that record's id. The write announces the entities it touched
 * (lib/database/change-feed.ts: the outbox event's record and subjects), not its tables.
 */
export async function writeOnce(db: ScopedDatabase, receipt: MutationReceipt, write: (tx: EntityManager) => Promise<string>): Promise<string> {
  try {
    return await receiptedWrite(db, receipt, write);
  } catch (error) {
    throw describedWriteFailure(error);
  }
}

async function receiptedWrite(db: ScopedDatabase, receipt: MutationReceipt, write: (tx: EntityManager) => Promise<string>): Promise<string> {
  const clientMutationId = receipt.input?.clientMutationId;
  if (clientMutationId !== undefined && clientMutationId !== null && (clientMutationId.length === 0 || clientMutationId.length > 200)) {
    throw badUserInput('"clientMutationId" must be 1 to 200 characters.', 'clientMutationId');
  }
  if (!clientMutationId) return db.describedWrite(write);
  return db.describedWrite(async (tx) => {
    const digest = argumentsDigest(receipt.input!);
    const claimed = await tx.query(
      `INSERT INTO mutation_receipt (agency, client_mutation_id, mutation, arguments_digest) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [receipt.agency, clientMutationId, receipt.mutation, digest],
    );
    if (claimed.length === 0) {
      const [earlier] = await tx.query(
        `SELECT mutation, record_id, arguments_digest FROM mutation_receipt WHERE agency = $1 AND client_mutation_id = $2`,
        [receipt.agency, clientMutationId],
      );
      if (earlier.mutation !== receipt.mutation) {
        throw badUserInput(`clientMutationId "${clientMutationId}" was already used for ${earlier.mutation}; use a new id for a new write.`, 'clientMutationId');
      }
      // Receipts written before arguments were kept have none to compare: the retry is taken as one.
      if (earlier.arguments_digest !== null && earlier.arguments_digest !== digest) {
        throw badUserInput(`clientMutationId "${clientMutationId}" was already used for a ${receipt.mutation} with other arguments; a retry sends the same arguments, a new write a new id.`, 'clientMutationId');
      }
      // Nothing changed; naming the record keeps this from being announced as a change to anything.
      touch(tx, [earlier.record_id]);
      return earlier.record_id as string;
    }
    const id = await write(tx);
    await tx.query(`UPDATE mutation_receipt SET record_id = $3 WHERE agency = $1 AND client_mutation_id = $2`, [receipt.agency, clientMutationId, id]);
    return id;
  });
}

/**
 * What the database refused, said without revealing what the caller may not see: a row-security
 * check (writing to a record not released to the caller, or not its own) reads as that record not
 * being found, and a uniqueness clash names no other record.
 */
function describedWriteFailure(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === '42501') return notFound('The record to write to does not exist or is not released to your agency.');
  if (code === '23505') return badUserInput('This write conflicts with an existing record; change the identifying values (a number or name that must be unique).');
  return error;
}
